#include "derive.hpp"

#include <array>

namespace govsync::emulator {

std::uint64_t fnv1a(std::string_view text) {
  std::uint64_t hash = 14695981039346656037ULL;
  for (const char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ULL;
  }
  return hash;
}

std::uint64_t splitmix64(std::uint64_t value) {
  value += 0x9E3779B97F4A7C15ULL;
  value = (value ^ (value >> 30U)) * 0xBF58476D1CE4E5B9ULL;
  value = (value ^ (value >> 27U)) * 0x94D049BB133111EBULL;
  return value ^ (value >> 31U);
}

std::uint64_t derive(std::uint64_t seed, std::string_view key) { return splitmix64(seed ^ fnv1a(key)); }

std::uint64_t DerivedSequence::next() {
  state_ += 0x9E3779B97F4A7C15ULL;
  return splitmix64(state_);
}

std::string derive_hex(std::uint64_t seed, std::string_view key, std::size_t count) {
  static constexpr char kHex[] = "0123456789abcdef";
  DerivedSequence sequence(seed, key);
  std::string out;
  out.reserve(count);
  std::uint64_t bits = 0;
  for (std::size_t i = 0; i < count; ++i) {
    if (i % 16 == 0) bits = sequence.next();
    out += kHex[bits & 0xFU];
    bits >>= 4U;
  }
  return out;
}

std::string derive_guid(std::uint64_t seed, std::string_view key) {
  std::string hex = derive_hex(seed, key, 32);
  hex[12] = '4';
  static constexpr std::array<char, 4> kVariant{'8', '9', 'a', 'b'};
  hex[16] = kVariant[static_cast<std::size_t>(hex[16]) % kVariant.size()];
  return hex.substr(0, 8) + '-' + hex.substr(8, 4) + '-' + hex.substr(12, 4) + '-' + hex.substr(16, 4) + '-' +
         hex.substr(20, 12);
}

std::size_t utf8_length(std::string_view text) {
  std::size_t count = 0;
  for (const char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0U) != 0x80U) ++count;
  }
  return count;
}

std::string oversized_text(std::string_view tag, std::size_t length, bool multibyte) {
  std::string out(tag.substr(0, length));
  static constexpr std::array<std::string_view, 2> kWide{"\xC3\xBC", "\xE6\x94\xBF"};  // ü, 政
  for (std::size_t i = out.size(); i < length; ++i) {
    out += multibyte ? kWide[i % kWide.size()] : std::string_view("x");
  }
  return out;
}

}  // namespace govsync::emulator
