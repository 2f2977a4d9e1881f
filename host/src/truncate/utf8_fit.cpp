#include "truncate/utf8_fit.hpp"

#include <cstdint>

namespace govsync::host {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// The length of the valid UTF-8 sequence at text[i], or 0 if it is invalid
// (overlong forms, surrogates and code points above U+10FFFF are invalid).
std::size_t valid_sequence_length(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<std::uint8_t>(text[k]); };
  const std::uint8_t b0 = byte(i);
  if (b0 == 0x00) return 0;
  if (b0 < 0x80) return 1;
  std::size_t length = 0;
  std::uint8_t low = 0x80;
  std::uint8_t high = 0xBF;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    length = 2;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    length = 3;
    if (b0 == 0xE0) low = 0xA0;   // no overlong forms
    if (b0 == 0xED) high = 0x9F;  // no surrogates
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    length = 4;
    if (b0 == 0xF0) low = 0x90;   // no overlong forms
    if (b0 == 0xF4) high = 0x8F;  // nothing above U+10FFFF
  } else {
    return 0;
  }
  if (i + length > text.size()) return 0;
  const std::uint8_t b1 = byte(i + 1);
  if (b1 < low || b1 > high) return 0;
  for (std::size_t k = 2; k < length; ++k) {
    if ((byte(i + k) & 0xC0U) != 0x80U) return 0;
  }
  return length;
}

}  // namespace

std::string repair_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t length = valid_sequence_length(text, i);
    if (length == 0) {
      out += kReplacement;
      ++i;
    } else {
      out.append(text.substr(i, length));
      i += length;
    }
  }
  return out;
}

std::size_t utf8_length(std::string_view valid) {
  std::size_t count = 0;
  for (const char c : valid) {
    if ((static_cast<std::uint8_t>(c) & 0xC0U) != 0x80U) ++count;
  }
  return count;
}

bool fits_utf8(std::string_view text, std::optional<std::size_t> max_chars) {
  std::size_t chars = 0;
  for (std::size_t i = 0; i < text.size(); ++chars) {
    const auto b0 = static_cast<std::uint8_t>(text[i]);
    if (b0 != 0x00 && b0 < 0x80) {  // ASCII, the common case
      ++i;
      continue;
    }
    const std::size_t length = valid_sequence_length(text, i);
    if (length == 0) return false;
    i += length;
  }
  return !max_chars || chars <= *max_chars;
}

FittedText fit_utf8(std::string_view text, std::optional<std::size_t> max_chars) {
  FittedText result;
  bool valid = true;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t length = valid_sequence_length(text, i);
    if (length == 0) {
      valid = false;
      break;
    }
    i += length;
  }
  result.text = valid ? std::string(text) : repair_utf8(text);
  result.repaired = !valid;
  result.original_chars = utf8_length(result.text);
  if (!max_chars || result.original_chars <= *max_chars) return result;
  // Walk to the byte where code point number max_chars starts: a cut there never splits one.
  std::size_t chars = 0;
  std::size_t end = 0;
  while (end < result.text.size()) {
    if ((static_cast<std::uint8_t>(result.text[end]) & 0xC0U) != 0x80U) {
      if (chars == *max_chars) break;
      ++chars;
    }
    ++end;
  }
  result.text.resize(end);
  result.cut = true;
  return result;
}

}  // namespace govsync::host
