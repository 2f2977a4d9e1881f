// dmarc: DMARC aggregate reports from a Microsoft Graph mailbox and/or a
// folder, stored idempotently by (org, report id) with their records; every
// input that is not a readable report is recorded with its reason and never
// stops the run. Also each tenant domain's published DMARC policy (Graph
// /domains, then a TXT lookup of _dmarc.<domain>).
#include <govsync/json_fields.hpp>
#include <govsync/plugin.hpp>

#include <Poco/DateTime.h>
#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/Timestamp.h>
#include <Poco/URI.h>
#include <Poco/Util/AbstractConfiguration.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <filesystem>
#include <sstream>
#include <stdexcept>

#include "bounded_input.hpp"
#include "dns_server_address.hpp"
#include "domain_policies.hpp"
#include "report_extractor.hpp"

namespace {

using govsync::AzureApi;
using govsync::AzurePaging;
namespace json = govsync::json;

std::string iso_time(std::int64_t epoch_seconds) {
  return Poco::DateTimeFormatter::format(Poco::Timestamp::fromEpochTime(static_cast<std::time_t>(epoch_seconds)),
                                         Poco::DateTimeFormat::ISO8601_FORMAT);
}

std::string joined_auth(const std::vector<govsync::dmarc::AuthResult>& results) {
  std::string text;
  for (const auto& r : results) {
    text +=
        (text.empty() ? "" : "; ") + r.domain + (r.selector.empty() ? "" : " (" + r.selector + ")") + ": " + r.result;
  }
  return text;
}

// A fileAttachment's size in bytes as Graph declares it (0 when missing or not a sane number).
long long declared_size(const Poco::JSON::Object& attachment) {
  constexpr double kLargest = 9.0e15;  // far above any limit, and exact as a double
  const auto size = json::number(attachment, "size").value_or(0);
  if (!(size > 0)) return 0;  // missing, negative or NaN
  return static_cast<long long>(size < kLargest ? size : kLargest);
}

// A link to a file in OneDrive or SharePoint, not the file: Graph v1.0 gives it
// no content property (https://learn.microsoft.com/graph/api/resources/referenceattachment)
// and answers its $value with 405 (https://learn.microsoft.com/graph/api/attachment-get).
constexpr const char* kReferenceAttachment = "#microsoft.graph.referenceAttachment";

// A message attached to the message (a forwarded report): Graph v1.0 lists it
// without content (https://learn.microsoft.com/graph/api/resources/itemattachment);
// its $value is the attached message in MIME
// (https://learn.microsoft.com/graph/api/attachment-get).
constexpr const char* kItemAttachment = "#microsoft.graph.itemAttachment";

std::string link_rejection(const std::string& name) {
  return "attachment \"" + name +
         "\" is a link to a file in OneDrive or SharePoint (a Graph referenceAttachment), not the file: "
         "Graph gives no content for a link, so govsync cannot read it; ask the sender to attach the report "
         "itself, or save the file into reports_dir";
}

// A path segment: the characters that would end or split it percent-encoded.
std::string encoded(const std::string& segment) {
  std::string text;
  Poco::URI::encode(segment, "/?#", text);
  return text;
}

struct Writers {
  govsync::TableWriter& reports;
  govsync::TableWriter& records;
  govsync::TableWriter& rejected;
};

class DmarcPlugin final : public govsync::SyncPlugin {
 public:
  govsync::PluginInfo info() const override {
    govsync::PluginInfo info;
    info.name = "dmarc";
    info.version = "1.0.0";
    info.description = "DMARC aggregate reports (mailbox or folder) and published DMARC policies";
    info.config_keys = {{"mailbox", "the mailbox (UPN) that receives the aggregate reports; empty: none", "", false},
                        {"reports_dir", "a folder of report files (.xml, .gz, .zip, .eml); empty: none", "", false},
                        {"check_dns", "look up each tenant domain's published _dmarc TXT record", "true", false},
                        {"dns_server", "resolver as IPv4[:port]; empty: the system's", "", false}};
    return info;
  }

  // A bad dns_server is refused when the configuration is checked, not at the first lookup of every run.
  void configure(const Poco::Util::AbstractConfiguration& config) override {
    if (const auto parsed = govsync::dmarc::parse_dns_server(config.getString("dns_server", ""));
        !parsed.error.empty()) {
      throw std::invalid_argument(parsed.error);
    }
  }

  void sync(govsync::RunContext& ctx) override {
    Writers writers{ctx.writer("dmarc_reports", {{"org_name", "report_id"}, false}),
                    ctx.writer("dmarc_records", {{"org_name", "report_id", "record_index"}, false}),
                    ctx.writer("dmarc_rejected_reports", {{"source_name"}, false})};
    const auto& config = ctx.config();
    if (const auto dir = config.getString("reports_dir", ""); !dir.empty()) read_folder(ctx, writers, dir);
    if (auto mailbox = config.getString("mailbox", ""); !mailbox.empty()) {
      if (const auto at = mailbox.find("{tenant}"); at != std::string::npos) mailbox.replace(at, 8, ctx.tenant().id);
      read_mailbox(ctx, writers, mailbox);
    }
    if (config.getBool("check_dns", true))
      govsync::dmarc::sync_domain_policies(ctx, config.getString("dns_server", ""));
  }

 private:
  // Records are written as they are read (one in memory at a time), each report row once its document is valid.
  static void store(govsync::RunContext& ctx, Writers& w, const std::string& source, const std::string& bytes,
                    const std::string& name, const std::string& content_type) {
    const auto write_record = [&](const govsync::dmarc::Report& report, std::size_t index, govsync::dmarc::Record&& r) {
      std::string reasons;
      for (const auto& reason : r.reasons) reasons += (reasons.empty() ? "" : "; ") + reason;
      govsync::Row record;
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
      w.records.upsert(record);
    };
    const auto extracted = govsync::dmarc::extract_reports_streaming(bytes, name, content_type, write_record);
    if (!extracted.ok()) {
      reject(ctx, w, source, extracted.rejection);
      return;
    }
    for (const auto& document : extracted.documents) {
      const auto where = extracted.documents.size() > 1 ? source + "#" + document.name : source;
      if (!document.outcome.ok()) {
        reject(ctx, w, where, document.outcome.rejection);
        continue;
      }
      const auto& report = *document.outcome.report;
      govsync::Row row;
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
      w.reports.upsert(row);
    }
  }

  static void reject(govsync::RunContext& ctx, Writers& w, const std::string& source, const std::string& reason) {
    ctx.log().warn("DMARC input {} rejected: {}", source, reason);
    govsync::Row row;
    row.set("source_name", source).set("reason", reason);
    w.rejected.upsert(row);
  }

  static void read_folder(govsync::RunContext& ctx, Writers& w, const std::string& dir) {
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
      if (entry.is_regular_file()) files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    const auto limit = govsync::dmarc::UnpackLimits{}.max_decompressed_bytes;
    for (const auto& file : files) {
      const auto source = "file:" + file.filename().string();
      const auto input = govsync::dmarc::read_bounded_file(file, limit);
      if (!input.rejection.empty()) {
        reject(ctx, w, source, input.rejection);
        continue;
      }
      store(ctx, w, source, input.bytes, file.filename().string(), "");
    }
  }

  // An attached message: its MIME through `value_path`, read as an e-mail like a
  // .eml file, within the same size limit as any input. A failed fetch rejects
  // this attachment alone (a cancelled run stops).
  static void read_item_attachment(govsync::RunContext& ctx, Writers& w, const std::string& source,
                                   const std::string& name, const std::string& value_path) {
    std::string bytes;
    try {
      bytes = ctx.azure().get_bytes(AzureApi::graph, value_path, govsync::dmarc::UnpackLimits{}.max_decompressed_bytes);
    } catch (const govsync::AzureError& error) {
      if (error.kind() == govsync::AzureErrorKind::cancelled) throw;
      reject(ctx, w, source,
             "attachment \"" + name + "\" is an attached message (a Graph itemAttachment) whose contents (" +
                 value_path + ") could not be read: " + error.what());
      return;
    }
    store(ctx, w, source, bytes, name, "message/rfc822");
  }

  static void read_mailbox(govsync::RunContext& ctx, Writers& w, const std::string& mailbox) {
    const auto user = encoded(mailbox);
    auto messages = ctx.azure().pages(
        AzureApi::graph, AzurePaging::odata_next_link,
        "/v1.0/users/" + user +
            "/messages?$filter=hasAttachments%20eq%20true&$select=id,subject,receivedDateTime&$top=50");
    std::uint64_t read = 0;
    while (auto page = messages->next()) {
      const auto values = json::array(*page, "value");
      if (!values) continue;
      for (const auto& value : *values) {
        if (ctx.cancelled()) throw std::runtime_error("cancelled");
        const auto id = json::text(*value.extract<Poco::JSON::Object::Ptr>(), "id");
        const auto encoded_id = encoded(id);
        auto attachments = ctx.azure().pages(AzureApi::graph, AzurePaging::odata_next_link,
                                             "/v1.0/users/" + user + "/messages/" + encoded_id + "/attachments");
        while (auto attachment_page = attachments->next()) {
          const auto items = json::array(*attachment_page, "value");
          if (!items) continue;
          for (const auto& item : *items) {
            const auto attachment = item.extract<Poco::JSON::Object::Ptr>();
            const auto name = json::text(*attachment, "name");
            const auto source = "mailbox:" + id + "/" + name;
            const auto type = json::text(*attachment, "@odata.type");
            if (type == kReferenceAttachment) {
              reject(ctx, w, source, link_rejection(name));
              continue;
            }
            if (type == kItemAttachment) {
              read_item_attachment(ctx, w, source, name,
                                   "/v1.0/users/" + user + "/messages/" + encoded_id + "/attachments/" +
                                       encoded(json::text(*attachment, "id")) + "/$value");
              continue;
            }
            // fileAttachment: size (bytes) and contentBytes (base64),
            // https://learn.microsoft.com/graph/api/resources/fileattachment
            const auto input = govsync::dmarc::decode_bounded_attachment(
                json::text(*attachment, "contentBytes"), declared_size(*attachment),
                govsync::dmarc::UnpackLimits{}.max_decompressed_bytes);
            if (!input.rejection.empty()) {
              reject(ctx, w, source, input.rejection);
              continue;
            }
            store(ctx, w, source, input.bytes, name, json::text(*attachment, "contentType"));
          }
        }
        ctx.progress("messages", ++read, 0);
      }
    }
  }
};

}  // namespace

GOVSYNC_PLUGIN(DmarcPlugin)
