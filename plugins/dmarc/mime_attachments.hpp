#pragma once
// Finds the parts of an e-mail (.eml, message/rfc822) that may carry a DMARC aggregate
// report: multipart messages of any nesting, forwarded message/rfc822 parts, and single-part
// messages whose body is the report (Mimecast sends those). Line endings may be LF or CRLF.
//
// A part is a report candidate when its content type is application/gzip, application/x-gzip,
// application/zip, application/x-zip-compressed, application/x-zip, text/xml, application/xml
// or application/octet-stream, or its file name ends in .xml, .gz or .zip. Other parts (the
// human-readable text, signatures, images) are not reports and are passed over. Bodies are
// decoded from base64 or quoted-printable; 7bit, 8bit and binary bodies are taken as they are.

#include <string>
#include <string_view>
#include <vector>

namespace govsync::dmarc {

/// One decoded candidate part of an e-mail.
struct MailAttachment {
  std::string file_name;     ///< filename or name parameter, else "attachment-N"
  std::string content_type;  ///< lower-case type/subtype, e.g. "application/zip"
  std::string bytes;         ///< the body after transfer decoding
};

/// Returns the report candidate parts of `message` in document order (empty if none).
/// Never throws except std::bad_alloc; nesting beyond 16 levels is not followed.
std::vector<MailAttachment> find_report_attachments(std::string_view message);

/// True when `bytes` begins like an RFC 5322 message: a header field on the first line and
/// a header block with a field every e-mail has (From, Received, Content-Type, ...).
bool looks_like_mail(std::string_view bytes);

}  // namespace govsync::dmarc
