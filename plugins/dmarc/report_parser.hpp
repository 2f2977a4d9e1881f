#pragma once
// Parses one DMARC aggregate report XML document into a Report.
//
// Accepted: RFC 7489 reports (no namespace), DMARCbis / DMARC 2.0 reports (default
// namespace urn:ietf:params:xml:ns:dmarc-2.0), the pre-RFC draft, and vendor quirks
// (XML declarations with standalone, comments, namespace prefixes, mixed content, empty
// elements, tabs). Elements are matched by LOCAL name along their path from the root, so
// namespaces and prefixes do not matter; unknown elements (extensions) are ignored; when
// an element the schema allows once repeats, the last occurrence wins.
//
// Rejected, with a reason naming what is wrong (the whole document, nothing is dropped
// silently):
//  - empty input ("empty file");
//  - bytes that are not UTF-8 ("invalid UTF-8 at byte N"), never repaired;
//  - XML that is not well-formed ("not well-formed XML at line L, column C: ...");
//  - a DOCTYPE (reports never have one; refusing it rules out entity expansion);
//  - a root element other than <feedback> ("no <feedback> root element (found <x>)");
//  - a missing <report_metadata><report_id>, <date_range><begin>/<end> or
//    <policy_published><domain>;
//  - a number that is not a non-negative integer (date range, count, pct > 100);
//  - a record without <row><source_ip> or <row><count>, or whose source_ip is not an IP
//    address: the reason names the record by its 1-based position ("record 3: ...").
// A report with zero records is accepted. A <reason> whose <type> and <comment> are both
// empty carries nothing and adds no entry to Record::reasons.
//
// Report::schema is "dmarc-2.0" when the root declares the DMARC 2.0 namespace, <version>
// is 2 or more, or a DMARCbis-only element (<generator>, <testing>, <discovery_method>)
// occurs; otherwise "rfc7489" when the report has a <version> (which RFC 7489 requires) or
// any element RFC 7489 introduced (<fo>, <np>, <envelope_from>, <envelope_to>, SPF
// <scope>); otherwise "draft": the pre-RFC shape of the dmarc.org wiki example. Some current
// reporters (Google among them) still send that shape, so treat the value as informational.

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "dmarc_report.hpp"

namespace govsync::dmarc {

/// The outcome of parsing one document: a report, or the reason it was rejected.
struct ParseOutcome {
  std::optional<Report> report;  ///< set when the document is a valid report
  std::string rejection;         ///< why the document was rejected; empty on success

  /// True when `report` holds a parsed report.
  bool ok() const noexcept { return report.has_value(); }
};

/// Parses `xml` (one UTF-8 XML document) into a normalised Report. Never throws;
/// deterministic and thread-safe (no shared state).
ParseOutcome parse_report(std::string_view xml);

/// Receives each record of a valid report: the report (without records), the
/// record's 0-based index, and the record.
using RecordSink = std::function<void(const Report& report, std::size_t index, Record&& record)>;

/// Parses `xml` as parse_report does, in two passes that hold no more than one
/// record at a time whatever the report's size: the first validates the whole
/// document (a document with one bad record gives no records at all), the
/// second hands each record to `sink`. The outcome's report has no records.
/// Throws only what `sink` throws.
ParseOutcome parse_report_streaming(std::string_view xml, const RecordSink& sink);

}  // namespace govsync::dmarc
