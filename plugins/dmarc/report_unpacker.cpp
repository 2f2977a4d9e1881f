#include "report_unpacker.hpp"

#include <exception>
#include <new>

#include "decompression_budget.hpp"
#include "gzip_inflate.hpp"
#include "mime_attachments.hpp"
#include "normalize.hpp"
#include "zip_archive.hpp"

namespace govsync::dmarc {
namespace {

enum class Format { kXml, kGzip, kZip, kMail, kUnknown };

bool looks_like_xml(std::string_view bytes) {
  if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
  bytes = trim(bytes);
  return bytes.starts_with('<');
}

Format format_from_name(std::string_view name) {
  const std::string lower = lower_trimmed(name);
  if (lower.ends_with(".gz") || lower.ends_with(".gzip")) return Format::kGzip;
  if (lower.ends_with(".zip")) return Format::kZip;
  if (lower.ends_with(".eml")) return Format::kMail;
  if (lower.ends_with(".xml")) return Format::kXml;
  return Format::kUnknown;
}

Format format_from_content_type(std::string_view content_type) {
  std::string type = lower_trimmed(content_type.substr(0, content_type.find(';')));
  if (type == "application/gzip" || type == "application/x-gzip") return Format::kGzip;
  if (type == "application/zip" || type == "application/x-zip-compressed" || type == "application/x-zip") {
    return Format::kZip;
  }
  if (type == "message/rfc822") return Format::kMail;
  if (type == "text/xml" || type == "application/xml") return Format::kXml;
  return Format::kUnknown;
}

// Magic bytes first, then the name, then the content type.
Format detect_format(std::string_view bytes, std::string_view name, std::string_view content_type) {
  if (detail::has_gzip_magic(bytes)) return Format::kGzip;
  if (detail::has_zip_magic(bytes)) return Format::kZip;
  if (looks_like_xml(bytes)) return Format::kXml;
  if (looks_like_mail(bytes)) return Format::kMail;
  if (const Format by_name = format_from_name(name); by_name != Format::kUnknown) return by_name;
  return format_from_content_type(content_type);
}

std::string without_suffix(std::string_view name, std::string_view suffix) {
  const std::string lower = lower_trimmed(name);
  if (lower.ends_with(suffix) && name.size() >= suffix.size())
    return std::string(name.substr(0, name.size() - suffix.size()));
  return std::string(name);
}

// Is a zip member worth unpacking? XML or compressed content, or an .xml name.
bool is_report_member(const detail::ZipMember& member) {
  const std::string lower = lower_trimmed(member.name);
  return lower.ends_with(".xml") || lower.ends_with(".gz") || lower.ends_with(".zip") ||
         detail::has_gzip_magic(member.bytes) || detail::has_zip_magic(member.bytes) || looks_like_xml(member.bytes);
}

class Unpacker {
 public:
  explicit Unpacker(const UnpackLimits& limits) : budget_(limits.max_decompressed_bytes), limits_(limits) {}

  // Appends the documents in `bytes` to `documents_`; returns a rejection reason or empty.
  std::string unpack(std::string_view bytes, const std::string& name, std::string_view content_type, int depth) {
    if (depth > limits_.max_nesting) {
      return "nested too deeply (more than " + std::to_string(limits_.max_nesting) + " layers)";
    }
    if (bytes.empty()) return "empty file";
    switch (detect_format(bytes, name, content_type)) {
      case Format::kXml:
        if (depth == 0) {
          documents_.push_back(XmlDocument{name, bytes, nullptr});  // the input itself: not copied
        } else {
          auto storage = std::make_shared<const std::string>(bytes);
          documents_.push_back(XmlDocument{name, *storage, storage});
        }
        return {};
      case Format::kGzip:
        return unpack_gzip(bytes, name, depth);
      case Format::kZip:
        return unpack_zip(bytes, depth);
      case Format::kMail:
        return unpack_mail(bytes, depth);
      case Format::kUnknown:
        break;
    }
    return "not a DMARC report: unrecognised format";
  }

  std::vector<XmlDocument> take_documents() { return std::move(documents_); }

 private:
  std::string unpack_gzip(std::string_view bytes, const std::string& name, int depth) {
    detail::GunzipResult inflated = detail::gunzip(bytes, budget_);
    if (!inflated.error.empty()) return std::move(inflated.error);
    std::string inner_name = without_suffix(name, ".gz");
    if (inner_name == name) inner_name = without_suffix(name, ".gzip");
    return unpack(inflated.bytes, inner_name, {}, depth + 1);
  }

  std::string unpack_zip(std::string_view bytes, int depth) {
    detail::ZipContents contents = detail::read_zip(bytes, budget_);
    if (!contents.error.empty()) return std::move(contents.error);
    const std::size_t documents_before = documents_.size();
    for (const detail::ZipMember& member : contents.members) {
      if (!is_report_member(member)) continue;
      if (std::string error = unpack(member.bytes, member.name, {}, depth + 1); !error.empty()) {
        return "zip member '" + member.name + "': " + error;
      }
    }
    if (documents_.size() == documents_before) return "zip contains no .xml file";
    return {};
  }

  std::string unpack_mail(std::string_view bytes, int depth) {
    const std::vector<MailAttachment> attachments = find_report_attachments(bytes);
    if (attachments.empty()) return "email has no report attachment";
    for (const MailAttachment& attachment : attachments) {
      if (std::string error = unpack(attachment.bytes, attachment.file_name, attachment.content_type, depth + 1);
          !error.empty()) {
        return "attachment '" + attachment.file_name + "': " + error;
      }
    }
    return {};
  }

  detail::DecompressionBudget budget_;
  UnpackLimits limits_;
  std::vector<XmlDocument> documents_;
};

}  // namespace

UnpackOutcome unpack_report(std::string_view bytes, std::string_view name, std::string_view content_type,
                            const UnpackLimits& limits) {
  try {
    Unpacker unpacker(limits);
    std::string rejection = unpacker.unpack(bytes, std::string(name), content_type, 0);
    if (!rejection.empty()) return UnpackOutcome{{}, std::move(rejection)};
    return UnpackOutcome{unpacker.take_documents(), {}};
  } catch (const std::bad_alloc&) {
    return UnpackOutcome{{}, "out of memory while unpacking"};
  } catch (const std::exception& error) {
    return UnpackOutcome{{}, std::string("internal error while unpacking: ") + error.what()};
  } catch (...) {
    return UnpackOutcome{{}, "internal error while unpacking"};
  }
}

}  // namespace govsync::dmarc
