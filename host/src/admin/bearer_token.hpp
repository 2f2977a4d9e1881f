#pragma once
// The admin API's bearer token: read from [admin] token_file, compared in
// constant time (SHA-256 digests of equal length, every byte compared).

#include <array>
#include <filesystem>
#include <string_view>

#include "common/result.hpp"

namespace govsync::host {

class BearerToken {
 public:
  /// Reads the token (surrounding whitespace removed). Refuses a missing,
  /// unreadable or short token; the message never contains the token.
  static Result<BearerToken> load(const std::filesystem::path& file);

  /// True when the Authorization header value is "Bearer <this token>".
  bool accepts(std::string_view authorization) const;

 private:
  explicit BearerToken(std::array<unsigned char, 32> digest) : digest_(digest) {}
  std::array<unsigned char, 32> digest_;
};

/// Minimum token length: 16 characters.
inline constexpr std::size_t kMinimumTokenLength = 16;

}  // namespace govsync::host
