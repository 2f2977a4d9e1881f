#include "report_parser.hpp"

#include <Poco/Exception.h>
#include <Poco/SAX/SAXException.h>
#include <Poco/SAX/SAXParser.h>
#include <Poco/SAX/XMLReader.h>

#include <exception>
#include <new>
#include <utility>

#include "normalize.hpp"
#include "report_sax_handler.hpp"

namespace govsync::dmarc {
namespace {

ParseOutcome rejected(std::string reason) { return ParseOutcome{std::nullopt, std::move(reason)}; }

// Expat's description of the error, without the location Poco appends ("... in line L column C"),
// starting lower-case; an unclosed element at the end of the input is named.
std::string parser_message(const Poco::XML::SAXParseException& error, const detail::ReportSaxHandler& handler) {
  std::string message = error.message();
  if (const auto location = message.find(" in line "); location != std::string::npos) message.erase(location);
  if (message.empty()) message = error.what();
  if (!message.empty() && message.front() >= 'A' && message.front() <= 'Z') message.front() += 'a' - 'A';
  const std::string open = handler.innermost_open_element();
  if (message == "no element found" && !open.empty()) message += " (element <" + open + "> is never closed)";
  return message;
}

std::string detect_schema(const detail::ReportSaxHandler& handler) {
  if (handler.has_dmarc2_namespace() || handler.has_dmarcbis_elements()) return "dmarc-2.0";
  if (handler.has_rfc7489_markers()) return "rfc7489";
  return "draft";
}

// Runs the SAX parser over `xml`; returns a rejection reason, or empty when it parsed.
std::string run_parser(std::string_view xml, detail::ReportSaxHandler& handler) {
  try {
    Poco::XML::SAXParser parser;
    parser.setFeature(Poco::XML::XMLReader::FEATURE_NAMESPACES, false);
    parser.setFeature(Poco::XML::XMLReader::FEATURE_NAMESPACE_PREFIXES, false);
    parser.setFeature(Poco::XML::XMLReader::FEATURE_EXTERNAL_GENERAL_ENTITIES, false);
    parser.setFeature(Poco::XML::XMLReader::FEATURE_EXTERNAL_PARAMETER_ENTITIES, false);
    parser.setContentHandler(&handler);
    parser.setProperty(Poco::XML::XMLReader::PROPERTY_LEXICAL_HANDLER,
                       static_cast<Poco::XML::LexicalHandler*>(&handler));
    parser.parseMemoryNP(xml.data(), xml.size());
    return {};
  } catch (const detail::ReportSaxHandler::Refused& error) {
    return error.what();
  } catch (const Poco::XML::SAXParseException& error) {
    return "not well-formed XML at line " + std::to_string(error.getLineNumber()) + ", column " +
           std::to_string(error.getColumnNumber()) + ": " + parser_message(error, handler);
  } catch (const Poco::Exception& error) {
    return "XML parser error: " + error.displayText();
  } catch (const std::bad_alloc&) {
    return "out of memory while parsing XML";
  } catch (const std::exception& error) {
    return std::string("XML parser error: ") + error.what();
  }
}

// The first missing required element, or empty.
std::string missing_required_part(detail::ReportSaxHandler& handler) {
  const Report& report = handler.report();
  if (report.report_id.empty()) return "missing <report_metadata><report_id>";
  if (!handler.has_date_range()) return "missing <report_metadata><date_range><begin> or <end>";
  if (report.domain.empty()) return "missing <policy_published><domain>";
  return handler.problem();
}

// One pass of the parser; finished records go to `sink` when it is set, else into the report.
ParseOutcome parse_once(std::string_view xml, detail::ReportSaxHandler::RecordSink sink) {
  try {
    if (trim(xml).empty()) return rejected(xml.empty() ? "empty file" : "empty file (only whitespace)");
    if (const auto offset = first_invalid_utf8_offset(xml)) {
      return rejected("invalid UTF-8 at byte " + std::to_string(*offset));
    }
    detail::ReportSaxHandler handler;
    if (sink) handler.set_record_sink(std::move(sink));
    if (std::string failure = run_parser(xml, handler); !failure.empty()) return rejected(std::move(failure));
    if (handler.root_name() != "feedback") {
      return rejected("no <feedback> root element (found <" + handler.root_name() + ">)");
    }
    if (std::string missing = missing_required_part(handler); !missing.empty()) return rejected(std::move(missing));
    Report& report = handler.report();
    report.schema = detect_schema(handler);
    return ParseOutcome{std::move(report), {}};
  } catch (const std::exception& error) {
    return rejected(std::string("internal error while parsing: ") + error.what());
  } catch (...) {
    return rejected("internal error while parsing");
  }
}

// Stops the parser when a record sink failed; the sink's own exception is rethrown after.
struct SinkFailed : detail::ReportSaxHandler::Refused {
  SinkFailed() : Refused("the record sink failed") {}
};

}  // namespace

ParseOutcome parse_report(std::string_view xml) { return parse_once(xml, nullptr); }

ParseOutcome parse_report_streaming(std::string_view xml, const RecordSink& sink) {
  auto outcome = parse_once(xml, [](std::size_t, Record&&) {});
  if (!outcome.ok()) return outcome;
  std::exception_ptr failure;
  const Report& report = *outcome.report;
  parse_once(xml, [&](std::size_t index, Record&& record) {
    try {
      sink(report, index, std::move(record));
    } catch (...) {
      failure = std::current_exception();
      throw SinkFailed();
    }
  });
  if (failure) std::rethrow_exception(failure);
  return outcome;
}

}  // namespace govsync::dmarc
