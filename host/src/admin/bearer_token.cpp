#include "admin/bearer_token.hpp"

#include <Poco/SHA2Engine.h>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace govsync::host {
namespace {

std::array<unsigned char, 32> sha256(std::string_view text) {
  Poco::SHA2Engine engine(Poco::SHA2Engine::SHA_256);
  engine.update(text.data(), static_cast<unsigned>(text.size()));
  const auto& digest = engine.digest();
  std::array<unsigned char, 32> out{};
  std::copy_n(digest.begin(), out.size(), out.begin());
  return out;
}

std::string_view trimmed(std::string_view text) {
  constexpr std::string_view space = " \t\r\n";
  const auto first = text.find_first_not_of(space);
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(space) - first + 1);
}

}  // namespace

Result<BearerToken> BearerToken::load(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return Error{"[admin] token_file " + file.string() + " cannot be read"};
  std::ostringstream content;
  content << in.rdbuf();
  const std::string text = content.str();
  const auto token = trimmed(text);
  if (token.size() < kMinimumTokenLength || token.find_first_of(" \t\r\n") != std::string_view::npos) {
    return Error{"[admin] token_file " + file.string() + " must hold one token of at least " +
                 std::to_string(kMinimumTokenLength) +
                 " characters without spaces (e.g. the output of: openssl rand -hex 32)"};
  }
  return BearerToken(sha256(token));
}

bool BearerToken::accepts(std::string_view authorization) const {
  constexpr std::string_view scheme = "Bearer ";
  const bool has_scheme = authorization.substr(0, scheme.size()) == scheme;
  const auto offered = sha256(has_scheme ? authorization.substr(scheme.size()) : std::string_view{});
  unsigned char difference = has_scheme ? 0 : 1;
  for (std::size_t i = 0; i < digest_.size(); ++i) difference |= static_cast<unsigned char>(digest_[i] ^ offered[i]);
  return difference == 0;
}

}  // namespace govsync::host
