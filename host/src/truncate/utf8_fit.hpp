#pragma once
// Text fitting by Unicode characters, on UTF-8 boundaries.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace govsync::host {

/// Replaces each byte that is not part of a valid UTF-8 sequence, and each NUL
/// (which PostgreSQL text cannot hold), with U+FFFD. Valid input is returned unchanged.
std::string repair_utf8(std::string_view text);

/// The number of code points in valid UTF-8.
std::size_t utf8_length(std::string_view valid);

struct FittedText {
  std::string text;
  std::size_t original_chars = 0;  // code points after repair, before the cut
  bool cut = false;
  bool repaired = false;
};

/// True when text is valid UTF-8 without NUL and at most max_chars code points
/// long (any length when max_chars is unset): fit_utf8 would return it unchanged.
bool fits_utf8(std::string_view text, std::optional<std::size_t> max_chars);

/// Repairs text and cuts it to at most max_chars code points (no cut when max_chars is unset).
FittedText fit_utf8(std::string_view text, std::optional<std::size_t> max_chars);

}  // namespace govsync::host
