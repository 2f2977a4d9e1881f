#pragma once
// Internal: the SAX event handler that builds a Report while Poco's parser reads a
// document. Used only by report_parser.cpp.

#include <Poco/SAX/DefaultHandler.h>
#include <Poco/SAX/LexicalHandler.h>

#include <cstddef>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "dmarc_report.hpp"

namespace govsync::dmarc::detail {

/// Where an element sits in the report structure, derived from its parent and local name.
enum class Context {
  kDocument,
  kFeedback,
  kMetadata,
  kDateRange,
  kPolicy,
  kRecord,
  kRow,
  kPolicyEvaluated,
  kReason,
  kIdentifiers,
  kAuthResults,
  kDkimAuth,
  kSpfAuth,
  kOther,
};

/// Collects a Report from SAX events; check problem() once parsing ends.
class ReportSaxHandler final : public Poco::XML::DefaultHandler, public Poco::XML::LexicalHandler {
 public:
  /// The local name of the document's root element (empty before the first element).
  const std::string& root_name() const noexcept { return root_name_; }
  /// The qualified name of the innermost element still open (empty when none is).
  std::string innermost_open_element() const { return qnames_.empty() ? std::string() : qnames_.back(); }
  /// The first problem found in the content (empty if none), e.g. "record 2: ...".
  const std::string& problem() const noexcept { return problem_; }
  /// The report as collected so far; Report::schema is not set here.
  Report& report() noexcept { return report_; }

  /// True when the root declares the DMARC 2.0 namespace.
  bool has_dmarc2_namespace() const noexcept { return dmarc2_namespace_; }
  /// True when an element only DMARCbis defines occurred.
  bool has_dmarcbis_elements() const noexcept { return dmarcbis_elements_; }
  /// True when both <date_range><begin> and <end> occurred.
  bool has_date_range() const noexcept { return has_begin_ && has_end_; }
  /// True when <version> or an element RFC 7489 introduced occurred.
  bool has_rfc7489_markers() const noexcept { return rfc7489_markers_; }

  /// Thrown from a handler to stop parsing a document that is refused outright.
  struct Refused : std::runtime_error {
    using std::runtime_error::runtime_error;
  };
  /// Thrown from startDTD: reports never declare a document type.
  struct DoctypeRejected : Refused {
    DoctypeRejected() : Refused("a DOCTYPE declaration is not allowed in a DMARC report") {}
  };
  /// Elements nested deeper than this refuse the document: a report needs 6
  /// levels, and the parser's memory grows with every open element.
  static constexpr std::size_t kMaxDepth = 32;

  /// Where each finished record goes (its 0-based index and the record),
  /// instead of into report().records; none: records are kept.
  using RecordSink = std::function<void(std::size_t index, Record&& record)>;
  void set_record_sink(RecordSink sink) { record_sink_ = std::move(sink); }

  void startElement(const Poco::XML::XMLString& uri, const Poco::XML::XMLString& local_name,
                    const Poco::XML::XMLString& qname, const Poco::XML::Attributes& attributes) override;
  void endElement(const Poco::XML::XMLString& uri, const Poco::XML::XMLString& local_name,
                  const Poco::XML::XMLString& qname) override;
  void characters(const Poco::XML::XMLChar ch[], int start, int length) override;

  void startDTD(const Poco::XML::XMLString& name, const Poco::XML::XMLString& public_id,
                const Poco::XML::XMLString& system_id) override;
  void endDTD() override {}
  void startEntity(const Poco::XML::XMLString&) override {}
  void endEntity(const Poco::XML::XMLString&) override {}
  void startCDATA() override {}
  void endCDATA() override {}
  void comment(const Poco::XML::XMLChar[], int, int) override {}

 private:
  void note_root(const std::string& name, const Poco::XML::Attributes& attributes);
  void begin_element(Context context);
  void end_leaf(Context parent, const std::string& name);
  void end_metadata_leaf(const std::string& name);
  void end_policy_leaf(const std::string& name);
  void end_row_leaf(const std::string& name);
  void end_auth_leaf(AuthResult& result, const std::string& name);
  void finish_reason();
  void finish_record();
  void note_problem(std::string problem);
  std::int64_t integer_or_problem(const std::string& what);

  Report report_;
  RecordSink record_sink_;
  std::size_t records_begun_ = 0;    // <record> elements opened so far
  std::vector<Context> contexts_;    // one per open element
  std::vector<std::string> qnames_;  // qualified names of open elements
  std::string text_;                 // character data of the innermost element since its start
  std::string root_name_;
  std::string problem_;
  bool dmarc2_namespace_ = false;
  bool dmarcbis_elements_ = false;
  bool rfc7489_markers_ = false;
  bool has_begin_ = false;
  bool has_end_ = false;
  // State of the record being read.
  bool record_has_source_ip_ = false;
  bool record_has_count_ = false;
  std::string raw_source_ip_;
  std::string reason_type_;
  std::string reason_comment_;
};

}  // namespace govsync::dmarc::detail
