#include "tokens.hpp"

#include <Poco/DigestEngine.h>
#include <Poco/HMACEngine.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/SHA2Engine.h>

#include <random>

#include "calendar.hpp"
#include "json_writer.hpp"
#include "paging.hpp"

namespace govsync::emulator {
namespace {
class Sha256Engine : public Poco::SHA2Engine {
 public:
  enum { BLOCK_SIZE = 64, DIGEST_SIZE = 32 };
  Sha256Engine() : Poco::SHA2Engine(Poco::SHA2Engine::SHA_256) {}
};
}  // namespace

TokenAuthority::TokenAuthority() { rotate_key(); }

void TokenAuthority::rotate_key() {
  std::random_device device;
  std::string key;
  for (int i = 0; i < 32; ++i) key += static_cast<char>(device() & 0xFFU);
  std::lock_guard lock(key_mutex_);
  key_ = std::move(key);
}

std::string TokenAuthority::sign(const std::string& text) const {
  std::string key;
  {
    std::lock_guard lock(key_mutex_);
    key = key_;
  }
  Poco::HMACEngine<Sha256Engine> hmac(key);
  hmac.update(text);
  const auto& digest = hmac.digest();
  return base64_url(std::string(digest.begin(), digest.end()));
}

std::string TokenAuthority::issue(const std::string& tenant, const std::string& client_id, Audience audience,
                                  std::int64_t expires_at) {
  const auto now = epoch_seconds_now();
  JsonWriter header;
  header.begin_object().field("typ", "JWT").field("alg", "HS256").end_object();
  JsonWriter payload;
  payload.begin_object();
  payload.field("aud", audience == Audience::kGraph ? kGraphAudience : kManagementAudience);
  payload.field("iss", "https://sts.windows.net/" + tenant + "/");
  payload.field_int("iat", now).field_int("nbf", now).field_int("exp", expires_at);
  payload.field("appid", client_id).field("tid", tenant).field("ver", "1.0");
  payload.field_int("jti", static_cast<std::int64_t>(++issued_));
  payload.end_object();
  const auto unsigned_part = base64_url(header.str()) + "." + base64_url(payload.str());
  return unsigned_part + "." + sign(unsigned_part);
}

std::optional<TokenClaims> TokenAuthority::verify(const std::string& token) const {
  const auto last_dot = token.rfind('.');
  if (last_dot == std::string::npos) return std::nullopt;
  const auto unsigned_part = token.substr(0, last_dot);
  if (sign(unsigned_part) != token.substr(last_dot + 1)) return std::nullopt;
  const auto first_dot = unsigned_part.find('.');
  if (first_dot == std::string::npos) return std::nullopt;
  try {
    Poco::JSON::Parser parser;
    const auto payload =
        parser.parse(base64_url_decode(unsigned_part.substr(first_dot + 1))).extract<Poco::JSON::Object::Ptr>();
    TokenClaims claims;
    claims.tenant = payload->getValue<std::string>("tid");
    claims.audience =
        payload->getValue<std::string>("aud") == kGraphAudience ? Audience::kGraph : Audience::kManagement;
    claims.expires_at = payload->getValue<std::int64_t>("exp");
    return claims;
  } catch (...) {
    return std::nullopt;
  }
}

}  // namespace govsync::emulator
