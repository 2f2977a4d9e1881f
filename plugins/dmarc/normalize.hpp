#pragma once
// Text normalisation helpers used by the report parser, public so that callers (and tests)
// apply exactly the same rules.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace govsync::dmarc {

/// Returns `text` without leading and trailing XML whitespace (space, tab, CR, LF).
std::string_view trim(std::string_view text) noexcept;

/// Returns `text` trimmed, with ASCII letters lower-cased; other bytes are kept unchanged.
std::string lower_trimmed(std::string_view text);

/// Parses trimmed `text` as a decimal integer in 0..INT64_MAX. Returns nullopt when it is
/// empty, has a sign, any non-digit, or does not fit.
std::optional<std::int64_t> parse_non_negative_integer(std::string_view text) noexcept;

/// Returns the canonical text of the IPv4 or IPv6 address in trimmed `text` (dotted quad;
/// RFC 5952 lower-case compressed IPv6), or nullopt when it is not an IP address.
std::optional<std::string> canonical_ip_address(std::string_view text);

/// Returns the offset of the first byte of `bytes` that does not start or continue a
/// well-formed UTF-8 sequence (overlong forms, surrogates and code points above U+10FFFF
/// are invalid), or nullopt when all of `bytes` is valid UTF-8.
std::optional<std::size_t> first_invalid_utf8_offset(std::string_view bytes) noexcept;

}  // namespace govsync::dmarc
