#include "normalize.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <array>
#include <limits>

namespace govsync::dmarc {
namespace {

bool is_xml_space(char c) noexcept { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

char ascii_lower(char c) noexcept { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool is_continuation(unsigned char byte) noexcept { return (byte & 0xC0U) == 0x80U; }

// Length of the well-formed UTF-8 sequence starting at bytes[i], or 0 when it is not one.
std::size_t utf8_sequence_length(std::string_view bytes, std::size_t i) noexcept {
  const auto lead = static_cast<unsigned char>(bytes[i]);
  if (lead < 0x80U) return 1;
  std::size_t length = 0;
  unsigned char min_second = 0x80U;
  unsigned char max_second = 0xBFU;
  if (lead >= 0xC2U && lead <= 0xDFU) {
    length = 2;
  } else if (lead >= 0xE0U && lead <= 0xEFU) {
    length = 3;
    if (lead == 0xE0U) min_second = 0xA0U;  // no overlong forms
    if (lead == 0xEDU) max_second = 0x9FU;  // no UTF-16 surrogates
  } else if (lead >= 0xF0U && lead <= 0xF4U) {
    length = 4;
    if (lead == 0xF0U) min_second = 0x90U;  // no overlong forms
    if (lead == 0xF4U) max_second = 0x8FU;  // nothing above U+10FFFF
  } else {
    return 0;
  }
  if (i + length > bytes.size()) return 0;
  const auto second = static_cast<unsigned char>(bytes[i + 1]);
  if (second < min_second || second > max_second) return 0;
  for (std::size_t k = 2; k < length; ++k) {
    if (!is_continuation(static_cast<unsigned char>(bytes[i + k]))) return 0;
  }
  return length;
}

}  // namespace

std::string_view trim(std::string_view text) noexcept {
  while (!text.empty() && is_xml_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_xml_space(text.back())) text.remove_suffix(1);
  return text;
}

std::string lower_trimmed(std::string_view text) {
  std::string result(trim(text));
  for (char& c : result) c = ascii_lower(c);
  return result;
}

std::optional<std::int64_t> parse_non_negative_integer(std::string_view text) noexcept {
  const std::string_view digits = trim(text);
  if (digits.empty()) return std::nullopt;
  constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
  std::int64_t value = 0;
  for (const char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    const int digit = c - '0';
    if (value > (kMax - digit) / 10) return std::nullopt;
    value = value * 10 + digit;
  }
  return value;
}

std::optional<std::string> canonical_ip_address(std::string_view text) {
  const std::string address(trim(text));
  if (address.empty() || address.size() > INET6_ADDRSTRLEN || address.find('\0') != std::string::npos) {
    return std::nullopt;
  }
  std::array<char, INET6_ADDRSTRLEN> canonical{};
  in_addr v4{};
  if (inet_pton(AF_INET, address.c_str(), &v4) == 1) {
    if (inet_ntop(AF_INET, &v4, canonical.data(), canonical.size()) == nullptr) return std::nullopt;
    return std::string(canonical.data());
  }
  in6_addr v6{};
  if (inet_pton(AF_INET6, address.c_str(), &v6) == 1) {
    if (inet_ntop(AF_INET6, &v6, canonical.data(), canonical.size()) == nullptr) return std::nullopt;
    return std::string(canonical.data());
  }
  return std::nullopt;
}

std::optional<std::size_t> first_invalid_utf8_offset(std::string_view bytes) noexcept {
  std::size_t i = 0;
  while (i < bytes.size()) {
    const std::size_t length = utf8_sequence_length(bytes, i);
    if (length == 0) return i;
    i += length;
  }
  return std::nullopt;
}

}  // namespace govsync::dmarc
