#pragma once
// The one call the plugin needs: bytes of a received file or attachment in, parsed reports
// (or the reason each one, or the whole input, was rejected) out. See report_unpacker.hpp
// for the formats and report_parser.hpp for what a valid report is.

#include <string>
#include <string_view>
#include <vector>

#include "report_parser.hpp"
#include "report_unpacker.hpp"

namespace govsync::dmarc {

/// One XML document of an input and what parsing it gave.
struct ExtractedDocument {
  std::string name;      ///< the document's innermost file name (see XmlDocument::name)
  ParseOutcome outcome;  ///< the report, or why this document was rejected
};

/// Everything found in one input.
struct ExtractOutcome {
  std::vector<ExtractedDocument> documents;  ///< one per XML document; empty when the input was rejected
  std::string rejection;                     ///< why the whole input was rejected (unpacking); empty otherwise

  /// True when the input unpacked (each document may still have been rejected).
  bool ok() const noexcept { return rejection.empty(); }
};

/// Unpacks `bytes` (named `name`, optional MIME `content_type`) and parses every document.
/// Never throws; deterministic and thread-safe.
ExtractOutcome extract_reports(std::string_view bytes, std::string_view name, std::string_view content_type = {},
                               const UnpackLimits& limits = {});

/// As extract_reports, but each valid document's records go to `sink` (see
/// parse_report_streaming) and its report in the outcome has none: one record
/// in memory at a time, and the input itself is parsed in place when it is the
/// document. Throws only what `sink` throws.
ExtractOutcome extract_reports_streaming(std::string_view bytes, std::string_view name, std::string_view content_type,
                                         const RecordSink& sink, const UnpackLimits& limits = {});

}  // namespace govsync::dmarc
