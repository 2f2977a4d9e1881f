// The DMARC mailbox: one message per configured report file, each with that
// file as its only attachment, then one message per configured reference
// attachment (a link to a file, with no content), each its only attachment.
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

std::string attachment_id(const TenantRef& ref, std::size_t index) {
  return "AAMkAD" + derive_hex(ref.seed, message_id(ref, index) + "/attachment", 40) + "BBB=";
}

// A referenceAttachment as Graph v1.0 lists it: contentType (null unless set),
// id, isInline, lastModifiedDateTime, name, and size, which is the size of the
// link's metadata on the message, not of the file; there is no content
// (https://learn.microsoft.com/graph/api/resources/referenceattachment), and
// its $value answers 405 (https://learn.microsoft.com/graph/api/attachment-get).
// The v1.0 type has no sourceUrl, providerType or isFolder: those are beta.
void write_reference_attachment(JsonWriter& json, const TenantRef& ref, std::size_t index, const std::string& name) {
  json.begin_object();
  json.field("@odata.type", "#microsoft.graph.referenceAttachment");
  json.field("id", attachment_id(ref, index));
  json.field("lastModifiedDateTime", iso_datetime(today_utc() - std::chrono::days(1), 0));
  json.field("name", name).field_null("contentType");
  json.field_int("size", static_cast<std::int64_t>(256 + name.size())).field_bool("isInline", false);
  json.end_object();
}

}  // namespace

std::size_t message_count(const Tenant& tenant) {
  return tenant.dmarc_reports.size() + tenant.dmarc_reference_attachments.size();
}

std::string message_id(const TenantRef& ref, std::size_t index) {
  return "AAMkAD" + derive_hex(ref.seed, ref.tenant.directory_id + "/message/" + std::to_string(index), 40) + "AAA=";
}

std::optional<std::size_t> message_index(const TenantRef& ref, const std::string& id) {
  for (std::size_t i = 0; i < message_count(ref.tenant); ++i) {
    if (message_id(ref, i) == id) return i;
  }
  return std::nullopt;
}

void write_message(JsonWriter& json, const TenantRef& ref, std::size_t index) {
  const auto& domain = ref.tenant.domains.front();
  const auto count = message_count(ref.tenant);
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
  const auto& reports = ref.tenant.dmarc_reports;
  if (index >= reports.size()) {
    write_reference_attachment(json, ref, index, ref.tenant.dmarc_reference_attachments.at(index - reports.size()));
    return;
  }
  const auto& report = reports[index];
  // fileAttachment (https://learn.microsoft.com/graph/api/resources/fileattachment).
  json.begin_object();
  json.field("@odata.type", "#microsoft.graph.fileAttachment");
  json.field("id", attachment_id(ref, index));
  json.field("lastModifiedDateTime", iso_datetime(today_utc() - std::chrono::days(1), 0));
  json.field("name", report.name).field("contentType", content_type_for(report.name));
  json.field_int("size", static_cast<std::int64_t>(report.bytes.size())).field_bool("isInline", false);
  json.field_null("contentId").field_null("contentLocation");
  json.field("contentBytes", base64_standard(report.bytes));
  json.end_object();
}

}  // namespace govsync::emulator
