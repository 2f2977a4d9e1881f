#pragma once
// MIME content transfer encodings (RFC 2045): base64 and quoted-printable decoding.

#include <string>
#include <string_view>

namespace govsync::dmarc {

/// Decodes base64 `text`, ignoring line breaks and any other character outside the
/// base64 alphabet (as RFC 2045 section 6.8 asks) and stopping at the first '='.
std::string decode_base64(std::string_view text);

/// Decodes quoted-printable `text`: "=XX" becomes the byte 0xXX, "=" at the end of a line
/// (soft line break, CRLF or LF) is removed, and a malformed "=" sequence is kept as is.
std::string decode_quoted_printable(std::string_view text);

}  // namespace govsync::dmarc
