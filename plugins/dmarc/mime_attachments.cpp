#include "mime_attachments.hpp"

#include <array>

#include "mime_headers.hpp"
#include "transfer_encoding.hpp"

namespace govsync::dmarc {
namespace {

constexpr int kMaxNesting = 16;

constexpr std::array<std::string_view, 8> kReportContentTypes = {
    "application/gzip",  "application/x-gzip", "application/zip", "application/x-zip-compressed",
    "application/x-zip", "text/xml",           "application/xml", "application/octet-stream"};

bool ends_with_ignoring_case(std::string_view text, std::string_view suffix) {
  if (text.size() < suffix.size()) return false;
  const std::string_view tail = text.substr(text.size() - suffix.size());
  for (std::size_t i = 0; i < suffix.size(); ++i) {
    const char c = (tail[i] >= 'A' && tail[i] <= 'Z') ? static_cast<char>(tail[i] - 'A' + 'a') : tail[i];
    if (c != suffix[i]) return false;
  }
  return true;
}

bool is_report_candidate(const std::string& content_type, const std::string& file_name) {
  for (const std::string_view type : kReportContentTypes) {
    if (content_type == type) return true;
  }
  return ends_with_ignoring_case(file_name, ".xml") || ends_with_ignoring_case(file_name, ".gz") ||
         ends_with_ignoring_case(file_name, ".zip");
}

// Trimmed line (without its ending) starting at `position`, and where the next one starts.
struct Line {
  std::string_view text;
  std::size_t start = 0;
  std::size_t next = 0;
};

Line line_at(std::string_view text, std::size_t position) {
  const std::size_t newline = text.find('\n', position);
  const std::size_t end = newline == std::string_view::npos ? text.size() : newline;
  std::string_view line = text.substr(position, end - position);
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
  return Line{line, position, newline == std::string_view::npos ? text.size() : newline + 1};
}

// The body parts between "--boundary" delimiter lines, without the line break that
// precedes each delimiter (RFC 2046 section 5.1.1).
std::vector<std::string_view> split_multipart(std::string_view body, const std::string& boundary) {
  std::vector<std::string_view> parts;
  const std::string delimiter = "--" + boundary;
  const std::string closing = delimiter + "--";
  std::size_t part_start = std::string_view::npos;
  std::size_t position = 0;
  while (position < body.size()) {
    const Line line = line_at(body, position);
    if (line.text == delimiter || line.text == closing) {
      if (part_start != std::string_view::npos) {
        std::size_t part_end = line.start;
        if (part_end > part_start && body[part_end - 1] == '\n') --part_end;
        if (part_end > part_start && body[part_end - 1] == '\r') --part_end;
        parts.push_back(body.substr(part_start, part_end - part_start));
      }
      if (line.text == closing) return parts;
      part_start = line.next;
    }
    position = line.next;
  }
  if (part_start != std::string_view::npos && part_start < body.size()) parts.push_back(body.substr(part_start));
  return parts;
}

std::string decode_body(std::string_view body, const std::string& transfer_encoding) {
  if (transfer_encoding == "base64") return decode_base64(body);
  if (transfer_encoding == "quoted-printable") return decode_quoted_printable(body);
  return std::string(body);
}

class AttachmentCollector {
 public:
  void collect(std::string_view entity, int depth) {
    if (depth > kMaxNesting) return;
    const detail::MimeEntity parsed = detail::split_entity(entity);
    const detail::HeaderValue type = detail::parse_header_value(header(parsed, "content-type"));
    const std::string transfer_encoding = detail::parse_header_value(header(parsed, "content-transfer-encoding")).value;
    if (type.value.starts_with("multipart/")) {
      const auto boundary = type.params.find("boundary");
      if (boundary == type.params.end() || boundary->second.empty()) return;
      for (const std::string_view part : split_multipart(parsed.body, boundary->second)) collect(part, depth + 1);
      return;
    }
    if (type.value == "message/rfc822") {
      const std::string inner = decode_body(parsed.body, transfer_encoding);
      collect(inner, depth + 1);
      return;
    }
    std::string file_name = file_name_of(parsed, type);
    if (!is_report_candidate(type.value, file_name)) return;
    if (file_name.empty()) file_name = "attachment-" + std::to_string(attachments_.size() + 1);
    attachments_.push_back(
        MailAttachment{std::move(file_name), type.value, decode_body(parsed.body, transfer_encoding)});
  }

  std::vector<MailAttachment> take() { return std::move(attachments_); }

 private:
  static std::string_view header(const detail::MimeEntity& entity, const std::string& name) {
    const auto found = entity.headers.find(name);
    return found == entity.headers.end() ? std::string_view{} : std::string_view(found->second);
  }

  static std::string file_name_of(const detail::MimeEntity& entity, const detail::HeaderValue& type) {
    const detail::HeaderValue disposition = detail::parse_header_value(header(entity, "content-disposition"));
    if (const auto found = disposition.params.find("filename"); found != disposition.params.end()) {
      return found->second;
    }
    if (const auto found = type.params.find("name"); found != type.params.end()) return found->second;
    return {};
  }

  std::vector<MailAttachment> attachments_;
};

}  // namespace

std::vector<MailAttachment> find_report_attachments(std::string_view message) {
  AttachmentCollector collector;
  collector.collect(message, 0);
  return collector.take();
}

bool looks_like_mail(std::string_view bytes) { return detail::looks_like_mail_headers(bytes); }

}  // namespace govsync::dmarc
