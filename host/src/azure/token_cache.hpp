#pragma once
// Access tokens per (tenant, scope), shared by every run of the process.

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace govsync::host {

struct AccessToken {
  std::string value;
  std::chrono::steady_clock::time_point expires;
};

class TokenCache {
 public:
  /// Tokens are renewed this long before they expire.
  static constexpr std::chrono::minutes kRenewBefore{5};

  /// A token for (tenant, scope): the cached one while it has more than five
  /// minutes left, else one from `fetch`. Concurrent callers for the same key
  /// wait for a single fetch. `rejected`, when given, is a token the API
  /// answered 401: if it is the one cached, it is dropped and a fresh one
  /// fetched (another caller may have replaced it already). Thread-safe.
  std::string token(const std::string& tenant, const std::string& scope, const std::function<AccessToken()>& fetch,
                    const std::string& rejected = {});
  /// The same, with its expiry: what a worker process is handed, to cache on its side.
  AccessToken access_token(const std::string& tenant, const std::string& scope,
                           const std::function<AccessToken()>& fetch, const std::string& rejected = {});

  /// The cached token for (tenant, scope) while it has more than five minutes
  /// left; nothing otherwise (never waits for a fetch under way).
  std::optional<AccessToken> cached(const std::string& tenant, const std::string& scope) const;

  /// Tokens fetched so far (for tests and metrics).
  std::size_t fetches() const;

 private:
  struct Entry {
    std::mutex fetching;
    AccessToken token;
  };
  mutable std::mutex mutex_;
  std::map<std::pair<std::string, std::string>, std::shared_ptr<Entry>> entries_;
  std::size_t fetches_ = 0;
};

}  // namespace govsync::host
