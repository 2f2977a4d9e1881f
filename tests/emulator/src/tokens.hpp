#pragma once
// Access tokens: JWT-shaped (header.payload.signature, HS256 with a key made
// at start-up), so only this emulator process can have issued a valid one.
// The payload names the tenant (tid) and the audience (aud).

#include <atomic>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>

namespace govsync::emulator {

enum class Audience { kManagement, kGraph };

constexpr const char* kManagementAudience = "https://management.azure.com/";
constexpr const char* kGraphAudience = "https://graph.microsoft.com";

struct TokenClaims {
  std::string tenant;
  Audience audience = Audience::kManagement;
  std::int64_t expires_at = 0;  // epoch seconds
};

class TokenAuthority {
 public:
  TokenAuthority();
  std::string issue(const std::string& tenant, const std::string& client_id, Audience audience,
                    std::int64_t expires_at);
  /// The claims of a token this authority issued, else nothing. Expiry is not checked.
  std::optional<TokenClaims> verify(const std::string& token) const;
  /// A new signing key: every token issued before is refused from now on, as
  /// when Entra rotates its signing keys or consent is revoked.
  void rotate_key();

 private:
  std::string sign(const std::string& text) const;
  mutable std::mutex key_mutex_;
  std::string key_;
  std::atomic<std::uint64_t> issued_{0};
};

}  // namespace govsync::emulator
