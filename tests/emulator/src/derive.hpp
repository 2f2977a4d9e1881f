#pragma once
// Deterministic data derivation: every generated value is a pure function of
// the scenario seed and a textual key, through FNV-1a and splitmix64. Nothing
// here uses std::hash or a global random generator, so output is identical
// across runs, machines and standard libraries.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace govsync::emulator {

std::uint64_t fnv1a(std::string_view text);
std::uint64_t splitmix64(std::uint64_t value);

/// A 64-bit value derived from the seed and a key such as "tenant/sub/3".
std::uint64_t derive(std::uint64_t seed, std::string_view key);

/// A stream of deterministic values (splitmix64 sequence).
class DerivedSequence {
 public:
  DerivedSequence(std::uint64_t seed, std::string_view key) : state_(derive(seed, key)) {}
  std::uint64_t next();
  /// Uniform-ish in [0, bound); 0 when bound is 0.
  std::uint64_t below(std::uint64_t bound) { return bound == 0 ? 0 : next() % bound; }

 private:
  std::uint64_t state_;
};

/// A version-4 shaped GUID (lower case, 8-4-4-4-12) derived from seed and key.
std::string derive_guid(std::uint64_t seed, std::string_view key);

/// `count` lower-case hex digits derived from seed and key.
std::string derive_hex(std::uint64_t seed, std::string_view key, std::size_t count);

/// A string of exactly `length` characters (code points) that starts with
/// `tag` (cut if longer) and is padded with "ü政" (multibyte) or "x".
std::string oversized_text(std::string_view tag, std::size_t length, bool multibyte);

/// Number of UTF-8 code points in `text`.
std::size_t utf8_length(std::string_view text);

}  // namespace govsync::emulator
