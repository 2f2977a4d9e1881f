#include "report_store.hpp"

#include <Poco/Base64Encoder.h>
#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/Timestamp.h>
#include <spdlog/spdlog.h>

#include <set>
#include <sstream>

#include "report_extractor.hpp"

namespace govsync::dmarc {
namespace {

std::string iso_time(std::int64_t epoch_seconds) {
  return Poco::DateTimeFormatter::format(Poco::Timestamp::fromEpochTime(static_cast<std::time_t>(epoch_seconds)),
                                         Poco::DateTimeFormat::ISO8601_FORMAT);
}

std::string joined_auth(const std::vector<AuthResult>& results) {
  std::string text;
  for (const auto& r : results) {
    text +=
        (text.empty() ? "" : "; ") + r.domain + (r.selector.empty() ? "" : " (" + r.selector + ")") + ": " + r.result;
  }
  return text;
}

std::string base64(std::string_view bytes) {
  std::ostringstream text;
  Poco::Base64Encoder encoder(text);
  encoder.rdbuf()->setLineLength(0);
  encoder << bytes;
  encoder.close();
  return text.str();
}

}  // namespace

// The rejected writer deletes this tenant's unattributed rows that this run did
// not record again: a report a tenant now owns is no longer listed as nobody's.
ReportStore::ReportStore(RunContext& ctx, TenantAttribution& attribution)
    : ctx_(ctx),
      attribution_(attribution),
      reports_(ctx.writer("dmarc_reports", {{"org_name", "report_id"}, false})),
      records_(ctx.writer("dmarc_records", {{"org_name", "report_id", "record_index"}, false})),
      rejected_(ctx.writer("dmarc_rejected_reports", {{"source_name"}, true})) {
  rejected_.delete_unseen_only_for("unattributed", {Value{true}});
}

// Records are written as they are read (one in memory at a time), each report
// row once its document is valid; only the run's tenant's are written.
bool ReportStore::file(const std::string& source, std::string_view bytes, const std::string& name,
                       const std::string& content_type, Route route) {
  const auto mine = [&](const Report& report) {
    const auto tenant = owner(report.domain);
    return tenant ? *tenant == ctx_.tenant().id : route == Route::own_mailbox;
  };
  const auto write_record = [&](const Report& report, std::size_t index, Record&& record) {
    if (mine(report)) store_record(report, index, record);
  };
  const auto extracted = extract_reports_streaming(bytes, name, content_type, write_record);
  if (route == Route::handed_over) {
    for (const auto& document : extracted.documents) {
      if (document.outcome.ok() && mine(*document.outcome.report)) {
        store_report(extracted.documents.size() > 1 ? source + "#" + document.name : source, *document.outcome.report);
      }
    }
    return true;
  }
  if (!extracted.ok()) {
    reject(source, extracted.rejection);
    return true;
  }
  bool all_owned = true;
  std::set<std::string> handed_to;
  for (const auto& document : extracted.documents) {
    const auto where = extracted.documents.size() > 1 ? source + "#" + document.name : source;
    if (!document.outcome.ok()) {
      reject(where, document.outcome.rejection);
      continue;
    }
    const auto& report = *document.outcome.report;
    if (mine(report)) {
      store_report(where, report);
      continue;
    }
    const auto tenant = owner(report.domain);
    if (!tenant) {
      all_owned = false;
      record_unattributed(where, report.domain);
    } else if (route != Route::pass_by_others && handed_to.insert(*tenant).second) {
      hand_over(source, *tenant, bytes, name, content_type);
    } else {
      ctx_.log().debug("DMARC report {} belongs to tenant {}: left to its run", where, *tenant);
    }
  }
  return all_owned;
}

std::optional<std::string> ReportStore::owner(const std::string& domain) {
  const auto known = owners_.find(domain);
  if (known != owners_.end()) return known->second;
  return owners_.emplace(domain, attribution_.owner(domain)).first->second;
}

void ReportStore::record_unattributed(const std::string& where, const std::string& domain) {
  ctx_.log().warn("DMARC report {} (policy domain \"{}\") matches no tenant's verified domains: not stored", where,
                  domain);
  Row row;
  row.set("source_name", where)
      .set("reason", "unattributed: the policy domain \"" + domain +
                         "\" is not a verified domain (nor a subdomain of one) of any tenant govsync syncs; verify "
                         "the domain in its tenant's Entra ID, or remove the report")
      .set("unattributed", true)
      .set("unattributed_domain", domain);
  rejected_.upsert(row);
}

void ReportStore::reject(const std::string& source, const std::string& reason) {
  ctx_.log().warn("DMARC input {} rejected: {}", source, reason);
  Row row;
  row.set("source_name", source)
      .set("reason", reason)
      .set("unattributed", false)
      .set("unattributed_domain", std::nullopt);
  rejected_.upsert(row);
}

// The whole input goes over: the receiving run files it as its own source,
// storing its reports and passing by the others'.
void ReportStore::hand_over(const std::string& source, const std::string& tenant, std::string_view bytes,
                            const std::string& name, const std::string& content_type) {
  ctx_.log().info("DMARC input {} holds a report of tenant {}: handed over to its run", source, tenant);
  Row row;
  row.set("source_name", source)
      .set("for_tenant_id", tenant)
      .set("input_name", name)
      .set("content_type", content_type)
      .set("content", base64(bytes));
  ctx_.writer("dmarc_report_handover", {{"source_name", "for_tenant_id"}, false}).upsert(row);
}

void ReportStore::store_report(const std::string& where, const Report& report) {
  Row row;
  row.set("org_name", report.org_name)
      .set("report_id", report.report_id)
      .set("org_email", report.org_email)
      .set("domain", report.domain)
      .set("date_begin", iso_time(report.date_begin))
      .set("date_end", iso_time(report.date_end))
      .set("policy_p", report.p)
      .set("policy_sp", report.sp)
      .set("policy_pct", report.pct)
      .set("policy_adkim", report.adkim)
      .set("policy_aspf", report.aspf)
      .set("schema_version", report.schema)
      .set("source_name", where);
  reports_.upsert(row);
}

void ReportStore::store_record(const Report& report, std::size_t index, const Record& r) {
  std::string reasons;
  for (const auto& reason : r.reasons) reasons += (reasons.empty() ? "" : "; ") + reason;
  Row record;
  record.set("org_name", report.org_name)
      .set("report_id", report.report_id)
      .set("record_index", static_cast<std::int64_t>(index))
      .set("source_ip", r.source_ip)
      .set("message_count", r.count)
      .set("disposition", r.disposition)
      .set("dkim_result", r.dkim_result)
      .set("spf_result", r.spf_result)
      .set("header_from", r.header_from)
      .set("envelope_from", r.envelope_from)
      .set("envelope_to", r.envelope_to)
      .set("dkim_auth", joined_auth(r.dkim_auth))
      .set("spf_auth", joined_auth(r.spf_auth))
      .set("reasons", reasons);
  records_.upsert(record);
}

}  // namespace govsync::dmarc
