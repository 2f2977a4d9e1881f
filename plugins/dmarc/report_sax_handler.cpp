#include "report_sax_handler.hpp"

#include <Poco/SAX/Attributes.h>

#include <string_view>
#include <utility>

#include "normalize.hpp"

namespace govsync::dmarc::detail {
namespace {

constexpr std::string_view kDmarc2Namespace = "urn:ietf:params:xml:ns:dmarc-2.0";

// The part of a qualified name after its prefix ("xs:feedback" -> "feedback").
std::string local_part(const std::string& qname) {
  const auto colon = qname.rfind(':');
  return colon == std::string::npos ? qname : qname.substr(colon + 1);
}

Context child_context(Context parent, const std::string& name) {
  switch (parent) {
    case Context::kDocument:
      return name == "feedback" ? Context::kFeedback : Context::kOther;
    case Context::kFeedback:
      if (name == "report_metadata") return Context::kMetadata;
      if (name == "policy_published") return Context::kPolicy;
      if (name == "record") return Context::kRecord;
      return Context::kOther;
    case Context::kMetadata:
      return name == "date_range" ? Context::kDateRange : Context::kOther;
    case Context::kRecord:
      if (name == "row") return Context::kRow;
      if (name == "identifiers") return Context::kIdentifiers;
      if (name == "auth_results") return Context::kAuthResults;
      return Context::kOther;
    case Context::kRow:
      return name == "policy_evaluated" ? Context::kPolicyEvaluated : Context::kOther;
    case Context::kPolicyEvaluated:
      return name == "reason" ? Context::kReason : Context::kOther;
    case Context::kAuthResults:
      if (name == "dkim") return Context::kDkimAuth;
      if (name == "spf") return Context::kSpfAuth;
      return Context::kOther;
    default:
      return Context::kOther;
  }
}

// `text` trimmed and cut to at most 40 bytes on a UTF-8 boundary, for use in a reason.
std::string excerpt(std::string_view text) {
  constexpr std::size_t kMaxBytes = 40;
  text = trim(text);
  if (text.size() <= kMaxBytes) return std::string(text);
  std::size_t cut = kMaxBytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0U) == 0x80U) --cut;
  return std::string(text.substr(0, cut)) + "...";
}

}  // namespace

void ReportSaxHandler::startElement(const Poco::XML::XMLString&, const Poco::XML::XMLString& local_name,
                                    const Poco::XML::XMLString& qname, const Poco::XML::Attributes& attributes) {
  const std::string& qualified = qname.empty() ? local_name : qname;
  const std::string name = local_part(qualified);
  const Context parent = contexts_.empty() ? Context::kDocument : contexts_.back();
  if (contexts_.size() >= kMaxDepth) {
    throw Refused("elements nested deeper than " + std::to_string(kMaxDepth) + " levels (<" + qualified +
                  ">); a DMARC report needs 6");
  }
  if (contexts_.empty()) note_root(name, attributes);
  const Context context = child_context(parent, name);
  contexts_.push_back(context);
  qnames_.push_back(qualified);
  text_.clear();
  begin_element(context);
}

void ReportSaxHandler::endElement(const Poco::XML::XMLString&, const Poco::XML::XMLString&,
                                  const Poco::XML::XMLString&) {
  if (contexts_.empty()) return;
  const Context context = contexts_.back();
  const std::string name = local_part(qnames_.back());
  contexts_.pop_back();
  qnames_.pop_back();
  const Context parent = contexts_.empty() ? Context::kDocument : contexts_.back();
  if (context == Context::kReason) finish_reason();
  if (context == Context::kRecord) finish_record();
  if (context == Context::kOther) end_leaf(parent, name);
  text_.clear();
}

void ReportSaxHandler::characters(const Poco::XML::XMLChar ch[], int start, int length) {
  if (start < 0 || length <= 0) return;
  text_.append(ch + start, static_cast<std::size_t>(length));
}

void ReportSaxHandler::startDTD(const Poco::XML::XMLString&, const Poco::XML::XMLString&, const Poco::XML::XMLString&) {
  throw DoctypeRejected();
}

void ReportSaxHandler::note_root(const std::string& name, const Poco::XML::Attributes& attributes) {
  root_name_ = name;
  for (int i = 0; i < attributes.getLength(); ++i) {
    const std::string& attribute = attributes.getQName(i);
    const bool declares_namespace = attribute == "xmlns" || attribute.starts_with("xmlns:");
    if (declares_namespace && trim(attributes.getValue(i)) == kDmarc2Namespace) dmarc2_namespace_ = true;
  }
}

void ReportSaxHandler::begin_element(Context context) {
  switch (context) {
    case Context::kRecord:
      ++records_begun_;
      report_.records.emplace_back();
      record_has_source_ip_ = false;
      record_has_count_ = false;
      raw_source_ip_.clear();
      break;
    case Context::kReason:
      reason_type_.clear();
      reason_comment_.clear();
      break;
    case Context::kDkimAuth:
      if (!report_.records.empty()) report_.records.back().dkim_auth.emplace_back();
      break;
    case Context::kSpfAuth:
      if (!report_.records.empty()) report_.records.back().spf_auth.emplace_back();
      break;
    default:
      break;
  }
}

void ReportSaxHandler::end_leaf(Context parent, const std::string& name) {
  switch (parent) {
    case Context::kFeedback:
      if (name == "version") {
        report_.version = std::string(trim(text_));
        rfc7489_markers_ = true;
        const auto major = report_.version.substr(0, report_.version.find('.'));
        const auto major_number = parse_non_negative_integer(major);
        if (major_number && *major_number >= 2) dmarcbis_elements_ = true;
      }
      break;
    case Context::kMetadata:
      end_metadata_leaf(name);
      break;
    case Context::kDateRange:
      if (name == "begin") {
        report_.date_begin = integer_or_problem("<report_metadata><date_range><begin>");
        has_begin_ = true;
      } else if (name == "end") {
        report_.date_end = integer_or_problem("<report_metadata><date_range><end>");
        has_end_ = true;
      }
      break;
    case Context::kPolicy:
      end_policy_leaf(name);
      break;
    case Context::kRow:
    case Context::kPolicyEvaluated:
    case Context::kIdentifiers:
      end_row_leaf(name);
      break;
    case Context::kReason:
      if (name == "type") reason_type_ = lower_trimmed(text_);
      if (name == "comment") reason_comment_ = std::string(trim(text_));
      break;
    case Context::kDkimAuth:
      if (!report_.records.empty() && !report_.records.back().dkim_auth.empty()) {
        end_auth_leaf(report_.records.back().dkim_auth.back(), name);
      }
      break;
    case Context::kSpfAuth:
      if (!report_.records.empty() && !report_.records.back().spf_auth.empty()) {
        end_auth_leaf(report_.records.back().spf_auth.back(), name);
      }
      break;
    default:
      break;
  }
}

void ReportSaxHandler::end_metadata_leaf(const std::string& name) {
  const std::string value(trim(text_));
  if (name == "org_name") {
    report_.org_name = value;
  } else if (name == "email") {
    report_.org_email = value;
  } else if (name == "extra_contact_info") {
    report_.extra_contact = value;
  } else if (name == "report_id") {
    report_.report_id = value;
  } else if (name == "error") {
    report_.errors.push_back(value);
  } else if (name == "generator") {
    report_.generator = value;
    dmarcbis_elements_ = true;
  }
}

void ReportSaxHandler::end_policy_leaf(const std::string& name) {
  if (name == "domain") {
    report_.domain = lower_trimmed(text_);
  } else if (name == "adkim") {
    report_.adkim = lower_trimmed(text_);
  } else if (name == "aspf") {
    report_.aspf = lower_trimmed(text_);
  } else if (name == "p") {
    report_.p = lower_trimmed(text_);
  } else if (name == "sp") {
    report_.sp = lower_trimmed(text_);
  } else if (name == "np") {
    report_.np = lower_trimmed(text_);
    rfc7489_markers_ = true;
  } else if (name == "testing") {
    report_.testing = lower_trimmed(text_);
    dmarcbis_elements_ = true;
  } else if (name == "discovery_method") {
    report_.discovery_method = lower_trimmed(text_);
    dmarcbis_elements_ = true;
  } else if (name == "fo") {
    report_.fo = std::string(trim(text_));
    rfc7489_markers_ = true;
  } else if (name == "pct") {
    const auto pct = parse_non_negative_integer(text_);
    if (!pct || *pct > 100) {
      note_problem("<policy_published><pct> '" + excerpt(text_) + "' is not a percentage 0..100");
    } else {
      report_.pct = static_cast<int>(*pct);
    }
  }
}

void ReportSaxHandler::end_row_leaf(const std::string& name) {
  if (report_.records.empty()) return;
  Record& record = report_.records.back();
  const Context parent = contexts_.back();
  if (parent == Context::kRow && name == "source_ip") {
    raw_source_ip_ = std::string(trim(text_));
    record_has_source_ip_ = true;
  } else if (parent == Context::kRow && name == "count") {
    const auto count = parse_non_negative_integer(text_);
    if (count) {
      record.count = *count;
      record_has_count_ = true;
    } else {
      note_problem("record " + std::to_string(records_begun_) + ": <count> '" + excerpt(text_) +
                   "' is not a non-negative integer");
    }
  } else if (parent == Context::kPolicyEvaluated && name == "disposition") {
    record.disposition = lower_trimmed(text_);
  } else if (parent == Context::kPolicyEvaluated && name == "dkim") {
    record.dkim_result = lower_trimmed(text_);
  } else if (parent == Context::kPolicyEvaluated && name == "spf") {
    record.spf_result = lower_trimmed(text_);
  } else if (parent == Context::kIdentifiers && name == "header_from") {
    record.header_from = lower_trimmed(text_);
  } else if (parent == Context::kIdentifiers && name == "envelope_from") {
    record.envelope_from = lower_trimmed(text_);
    rfc7489_markers_ = true;
  } else if (parent == Context::kIdentifiers && name == "envelope_to") {
    record.envelope_to = lower_trimmed(text_);
    rfc7489_markers_ = true;
  }
}

void ReportSaxHandler::end_auth_leaf(AuthResult& result, const std::string& name) {
  if (name == "domain") {
    result.domain = lower_trimmed(text_);
  } else if (name == "selector") {
    result.selector = std::string(trim(text_));
  } else if (name == "result") {
    result.result = lower_trimmed(text_);
  } else if (name == "scope") {
    result.scope = lower_trimmed(text_);
    rfc7489_markers_ = true;
  } else if (name == "human_result") {
    result.human_result = std::string(trim(text_));
  }
}

void ReportSaxHandler::finish_reason() {
  if (report_.records.empty() || (reason_type_.empty() && reason_comment_.empty())) return;
  std::string reason = reason_type_;
  if (!reason_comment_.empty()) reason += ": " + reason_comment_;
  report_.records.back().reasons.push_back(std::move(reason));
}

void ReportSaxHandler::finish_record() {
  if (report_.records.empty()) return;
  Record& record = report_.records.back();
  const std::string label = "record " + std::to_string(records_begun_);
  if (!record_has_source_ip_) {
    note_problem(label + " has no <row><source_ip>");
  } else if (auto canonical = canonical_ip_address(raw_source_ip_)) {
    record.source_ip = std::move(*canonical);
  } else {
    note_problem(label + ": <source_ip> '" + excerpt(raw_source_ip_) + "' is not an IP address");
  }
  if (!record_has_count_) note_problem(label + " has no <row><count>");
  if (record_sink_) {
    record_sink_(records_begun_ - 1, std::move(record));
    report_.records.pop_back();
  }
}

void ReportSaxHandler::note_problem(std::string problem) {
  if (problem_.empty()) problem_ = std::move(problem);
}

std::int64_t ReportSaxHandler::integer_or_problem(const std::string& what) {
  const auto value = parse_non_negative_integer(text_);
  if (value) return *value;
  note_problem(what + " '" + excerpt(text_) + "' is not a non-negative integer");
  return 0;
}

}  // namespace govsync::dmarc::detail
