#include "report_extractor.hpp"

#include <exception>

namespace govsync::dmarc {

ExtractOutcome extract_reports(std::string_view bytes, std::string_view name, std::string_view content_type,
                               const UnpackLimits& limits) {
  try {
    UnpackOutcome unpacked = unpack_report(bytes, name, content_type, limits);
    if (!unpacked.ok()) return ExtractOutcome{{}, std::move(unpacked.rejection)};
    ExtractOutcome result;
    result.documents.reserve(unpacked.documents.size());
    for (XmlDocument& document : unpacked.documents) {
      result.documents.push_back(ExtractedDocument{std::move(document.name), parse_report(document.xml)});
    }
    return result;
  } catch (const std::exception& error) {
    return ExtractOutcome{{}, std::string("internal error: ") + error.what()};
  } catch (...) {
    return ExtractOutcome{{}, "internal error"};
  }
}

ExtractOutcome extract_reports_streaming(std::string_view bytes, std::string_view name, std::string_view content_type,
                                         const RecordSink& sink, const UnpackLimits& limits) {
  UnpackOutcome unpacked = unpack_report(bytes, name, content_type, limits);
  if (!unpacked.ok()) return ExtractOutcome{{}, std::move(unpacked.rejection)};
  ExtractOutcome result;
  for (XmlDocument& document : unpacked.documents) {
    auto outcome = parse_report_streaming(document.xml, sink);
    document.storage.reset();  // parsed: its bytes are no longer needed
    result.documents.push_back(ExtractedDocument{std::move(document.name), std::move(outcome)});
  }
  return result;
}

}  // namespace govsync::dmarc
