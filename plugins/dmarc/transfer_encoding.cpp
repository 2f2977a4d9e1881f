#include "transfer_encoding.hpp"

#include <cstdint>

namespace govsync::dmarc {
namespace {

int base64_value(char c) noexcept {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// Length of the soft line break ("=" then optional blanks then CRLF or LF) at text[i], or 0.
std::size_t soft_break_length(std::string_view text, std::size_t i) noexcept {
  std::size_t j = i + 1;
  while (j < text.size() && (text[j] == ' ' || text[j] == '\t')) ++j;
  if (j < text.size() && text[j] == '\n') return j + 1 - i;
  if (j + 1 < text.size() && text[j] == '\r' && text[j + 1] == '\n') return j + 2 - i;
  if (j == text.size()) return j - i;  // "=" at the very end
  return 0;
}

}  // namespace

std::string decode_base64(std::string_view text) {
  std::string bytes;
  bytes.reserve(text.size() / 4 * 3);
  std::uint32_t buffer = 0;
  int bits = 0;
  for (const char c : text) {
    if (c == '=') break;
    const int value = base64_value(c);
    if (value < 0) continue;
    buffer = (buffer << 6U) | static_cast<std::uint32_t>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push_back(static_cast<char>((buffer >> static_cast<unsigned>(bits)) & 0xFFU));
    }
  }
  return bytes;
}

std::string decode_quoted_printable(std::string_view text) {
  std::string bytes;
  bytes.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] != '=') {
      bytes.push_back(text[i++]);
      continue;
    }
    if (const std::size_t soft = soft_break_length(text, i); soft > 0) {
      i += soft;
      continue;
    }
    const bool has_two_digits = i + 2 < text.size();
    const int high = has_two_digits ? hex_value(text[i + 1]) : -1;
    const int low = has_two_digits ? hex_value(text[i + 2]) : -1;
    if (high >= 0 && low >= 0) {
      bytes.push_back(static_cast<char>(high * 16 + low));
      i += 3;
    } else {
      bytes.push_back(text[i++]);
    }
  }
  return bytes;
}

}  // namespace govsync::dmarc
