#include "azure/token_cache.hpp"

namespace govsync::host {

std::string TokenCache::token(const std::string& tenant, const std::string& scope,
                              const std::function<AccessToken()>& fetch, const std::string& rejected) {
  return access_token(tenant, scope, fetch, rejected).value;
}

AccessToken TokenCache::access_token(const std::string& tenant, const std::string& scope,
                                     const std::function<AccessToken()>& fetch, const std::string& rejected) {
  std::shared_ptr<Entry> entry;
  {
    std::lock_guard lock(mutex_);
    auto& slot = entries_[{tenant, scope}];
    if (!slot) slot = std::make_shared<Entry>();
    entry = slot;
  }
  std::lock_guard single_flight(entry->fetching);
  if (!rejected.empty() && entry->token.value == rejected) entry->token = {};
  if (!entry->token.value.empty() && std::chrono::steady_clock::now() + kRenewBefore < entry->token.expires) {
    return entry->token;
  }
  entry->token = fetch();
  {
    std::lock_guard lock(mutex_);
    ++fetches_;
  }
  return entry->token;
}

std::optional<AccessToken> TokenCache::cached(const std::string& tenant, const std::string& scope) const {
  std::shared_ptr<Entry> entry;
  {
    std::lock_guard lock(mutex_);
    const auto it = entries_.find({tenant, scope});
    if (it == entries_.end()) return std::nullopt;
    entry = it->second;
  }
  std::unique_lock fetching(entry->fetching, std::try_to_lock);
  if (!fetching.owns_lock() || entry->token.value.empty() ||
      std::chrono::steady_clock::now() + kRenewBefore >= entry->token.expires) {
    return std::nullopt;
  }
  return entry->token;
}

std::size_t TokenCache::fetches() const {
  std::lock_guard lock(mutex_);
  return fetches_;
}

}  // namespace govsync::host
