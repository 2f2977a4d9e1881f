#pragma once
// Internal: splitting a MIME entity into header fields and body, and reading the fields
// that matter for finding attachments (RFC 5322 unfolding, RFC 2045 parameters).

#include <map>
#include <string>
#include <string_view>

namespace govsync::dmarc::detail {

/// A MIME entity cut into its header block and its body.
struct MimeEntity {
  std::map<std::string, std::string> headers;  ///< lower-case field name -> unfolded value (first wins)
  std::string_view body;                       ///< everything after the blank line
};

/// A header value such as `multipart/mixed; boundary="x"` split into value and parameters.
struct HeaderValue {
  std::string value;                          ///< the part before the first ';', lower-case and trimmed
  std::map<std::string, std::string> params;  ///< lower-case name -> unquoted value
};

/// Splits `entity` at the first empty line (LF or CRLF line endings), unfolding header
/// lines. An entity without an empty line is all header.
MimeEntity split_entity(std::string_view entity);

/// Parses a structured header value with `;`-separated `name=value` parameters (quoted
/// strings allowed; RFC 2231 `name*=charset''percent-encoded` values are decoded).
HeaderValue parse_header_value(std::string_view text);

/// True when the first line of `bytes` is a header field ("Name: value") and the header
/// block contains a field that every e-mail has (From, Received, Content-Type, ...).
bool looks_like_mail_headers(std::string_view bytes);

}  // namespace govsync::dmarc::detail
