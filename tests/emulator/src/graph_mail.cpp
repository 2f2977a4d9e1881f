// The DMARC mailbox: one message per configured report file, each with that
// file as its only attachment, then one message per configured reference
// attachment (a link to a file, with no content), each its only attachment,
// then one message per configured item attachment (a forwarded report: the
// attached message carries the file), each its only attachment.
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

std::string forwarded_subject(const ReportFile& report) { return "FW: DMARC aggregate report " + report.name; }

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

// The forwarded message an item attachment holds, in MIME as Graph answers an
// item attachment's $value ("For an item attachment that is a ... message, the
// raw contents returned is in MIME format", example 8 of
// https://learn.microsoft.com/graph/api/attachment-get): headers, then a
// multipart/mixed body whose second part is the report file in base64.
std::string forwarded_message(const TenantRef& ref, std::size_t index, const ReportFile& report) {
  const auto boundary = "_000_" + derive_hex(ref.seed, message_id(ref, index) + "/boundary", 24) + "_";
  std::string encoded = base64_standard(report.bytes);
  std::string lines;
  for (std::size_t at = 0; at < encoded.size(); at += 76) lines += encoded.substr(at, 76) + "\r\n";
  return "From: DMARC Aggregate Report <noreply-dmarc@" + reporter(index) + ">\r\nTo: " + ref.tenant.mailbox +
         "\r\nSubject: " + forwarded_subject(report) + "\r\nMessage-ID: <" +
         derive_hex(ref.seed, message_id(ref, index) + "/internet-id", 32) + "@" + reporter(index) +
         ">\r\nContent-Type: multipart/mixed;\r\n\tboundary=\"" + boundary + "\"\r\nMIME-Version: 1.0\r\n\r\n--" +
         boundary + "\r\nContent-Type: text/plain; charset=\"us-ascii\"\r\n\r\nThis is an aggregate report.\r\n\r\n--" +
         boundary + "\r\nContent-Type: " + content_type_for(report.name) + "; name=\"" + report.name +
         "\"\r\nContent-Disposition: attachment; filename=\"" + report.name +
         "\"\r\nContent-Transfer-Encoding: base64\r\n\r\n" + lines + "\r\n--" + boundary + "--\r\n";
}

// An itemAttachment as Graph v1.0 lists it: contentType (null unless set), id,
// isInline, lastModifiedDateTime, name (the attached message's subject), size;
// no content (https://learn.microsoft.com/graph/api/resources/itemattachment,
// example 2 of https://learn.microsoft.com/graph/api/attachment-get). The item
// itself is a navigation property, absent unless $expand asks for it.
void write_item_attachment(JsonWriter& json, const TenantRef& ref, std::size_t index, const ReportFile& report) {
  json.begin_object();
  json.field("@odata.type", "#microsoft.graph.itemAttachment");
  json.field("id", attachment_id(ref, index));
  json.field("lastModifiedDateTime", iso_datetime(today_utc() - std::chrono::days(1), 0));
  json.field("name", forwarded_subject(report)).field_null("contentType");
  json.field_int("size", static_cast<std::int64_t>(forwarded_message(ref, index, report).size()));
  json.field_bool("isInline", false);
  json.end_object();
}

}  // namespace

std::size_t message_count(const Tenant& tenant) {
  return tenant.dmarc_reports.size() + tenant.dmarc_reference_attachments.size() + tenant.dmarc_item_attachments.size();
}

std::string attachment_id(const TenantRef& ref, std::size_t index) {
  return "AAMkAD" + derive_hex(ref.seed, message_id(ref, index) + "/attachment", 40) + "BBB=";
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
  const auto& links = ref.tenant.dmarc_reference_attachments;
  if (index >= reports.size() + links.size()) {
    const auto item = index - reports.size() - links.size();
    write_item_attachment(json, ref, index, ref.tenant.dmarc_item_attachments.at(item));
    return;
  }
  if (index >= reports.size()) {
    write_reference_attachment(json, ref, index, links.at(index - reports.size()));
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

// Example 5 of https://learn.microsoft.com/graph/api/attachment-get: a file
// attachment's $value is its raw bytes, typed by its content type; an item
// attachment's is the attached message in MIME (the example shows no
// Content-Type header; message/rfc822 is the MIME type of a message, RFC 2046
// section 5.2.1); a reference attachment has none (405).
std::optional<AttachmentValue> attachment_value(const TenantRef& ref, std::size_t index) {
  const auto& reports = ref.tenant.dmarc_reports;
  const auto links = ref.tenant.dmarc_reference_attachments.size();
  if (index < reports.size()) return AttachmentValue{content_type_for(reports[index].name), reports[index].bytes};
  if (index < reports.size() + links) return std::nullopt;
  const auto& report = ref.tenant.dmarc_item_attachments.at(index - reports.size() - links);
  return AttachmentValue{"message/rfc822", forwarded_message(ref, index, report)};
}

}  // namespace govsync::emulator
