// The DMARC mailbox: one message per configured report file, each with that
// file as its only attachment.
#include "derive.hpp"
#include "graph_model.hpp"
#include "paging.hpp"

namespace govsync::emulator {
namespace {

std::string content_type_for(const std::string& name) {
  const auto ends_with = [&name](const std::string& suffix) {
    return name.size() >= suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  if (ends_with(".gz")) return "application/gzip";
  if (ends_with(".zip")) return "application/zip";
  if (ends_with(".xml")) return "text/xml";
  if (ends_with(".eml")) return "message/rfc822";
  return "application/octet-stream";
}

std::string reporter(std::size_t index) { return "reporter" + std::to_string(index % 4) + ".example"; }

}  // namespace

std::string message_id(const TenantRef& ref, std::size_t index) {
  return "AAMkAD" + derive_hex(ref.seed, ref.tenant.directory_id + "/message/" + std::to_string(index), 40) + "AAA=";
}

std::optional<std::size_t> message_index(const TenantRef& ref, const std::string& id) {
  for (std::size_t i = 0; i < ref.tenant.dmarc_reports.size(); ++i) {
    if (message_id(ref, i) == id) return i;
  }
  return std::nullopt;
}

void write_message(JsonWriter& json, const TenantRef& ref, std::size_t index) {
  const auto& domain = ref.tenant.domains.front();
  const auto count = ref.tenant.dmarc_reports.size();
  const auto received = today_utc() - std::chrono::days(1);
  json.begin_object();
  json.field("id", message_id(ref, index));
  json.field("subject", "Report domain: " + domain + " Submitter: " + reporter(index) +
                            " Report-ID: " + std::to_string(derive(ref.seed, message_id(ref, index)) % 1000000000));
  json.field("receivedDateTime",
             iso_datetime(received, static_cast<std::int64_t>(3600 * (index % 24) + (count - index) % 60)));
  json.field_bool("hasAttachments", true);
  json.key("from").begin_object().key("emailAddress").begin_object();
  json.field("address", "noreply-dmarc@" + reporter(index)).field("name", "DMARC Aggregate Report");
  json.end_object().end_object();
  json.end_object();
}

void write_attachment(JsonWriter& json, const TenantRef& ref, std::size_t index) {
  const auto& report = ref.tenant.dmarc_reports[index];
  json.begin_object();
  json.field("@odata.type", "#microsoft.graph.fileAttachment");
  json.field("id", "AAMkAD" + derive_hex(ref.seed, message_id(ref, index) + "/attachment", 40) + "BBB=");
  json.field("lastModifiedDateTime", iso_datetime(today_utc() - std::chrono::days(1), 0));
  json.field("name", report.name).field("contentType", content_type_for(report.name));
  json.field_int("size", static_cast<std::int64_t>(report.bytes.size())).field_bool("isInline", false);
  json.field_null("contentId").field_null("contentLocation");
  json.field("contentBytes", base64_standard(report.bytes));
  json.end_object();
}

}  // namespace govsync::emulator
