#pragma once
// The host's AzureClient for one tenant: tokens, retries, timeouts, paging.

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <random>
#include <string>

#include <govsync/azure.hpp>

#include "azure/http_exchange.hpp"
#include "azure/request_pacer.hpp"
#include "azure/token_cache.hpp"
#include "config/settings.hpp"

namespace spdlog {
class logger;
}

namespace govsync::host {

class AzureClientImpl final : public govsync::AzureClient {
 public:
  /// Told of every HTTP attempt: its status (0 when no response came) and whether it will be retried.
  using AttemptListener = std::function<void(int status, bool will_retry)>;

  /// Where a client without credentials gets its bearer tokens: the scope in,
  /// the token out, AzureError (authentication, ...) when there is none.
  /// A token for `scope`; `rejected`, when not empty, is a token the API
  /// refused with 401, which the source must drop and not hand out again.
  using TokenSource = std::function<std::string(const std::string& scope, const std::string& rejected)>;

  /// A client holding the tenant's credentials: it fetches tokens itself into `tokens`.
  AzureClientImpl(TenantSettings tenant, AzureSettings settings, TokenCache& tokens, std::function<bool()> cancelled,
                  std::shared_ptr<spdlog::logger> log, AttemptListener on_attempt = {});
  /// A client without credentials (a worker process's): tokens come from `source`.
  AzureClientImpl(std::string tenant_id, AzureSettings settings, TokenSource source, std::function<bool()> cancelled,
                  std::shared_ptr<spdlog::logger> log, AttemptListener on_attempt = {});

  /// A bearer token for this tenant and scope (cached until five minutes before expiry).
  std::string bearer(const std::string& scope);

  Poco::JSON::Object::Ptr get(govsync::AzureApi api, const std::string& path_and_query) override;
  Poco::JSON::Object::Ptr post(govsync::AzureApi api, const std::string& path_and_query,
                               const Poco::JSON::Object& body) override;
  std::unique_ptr<govsync::AzurePages> pages(govsync::AzureApi api, govsync::AzurePaging paging,
                                             const std::string& path_and_query,
                                             Poco::JSON::Object::Ptr body = nullptr) override;
  std::string get_bytes(govsync::AzureApi api, const std::string& path_and_query, std::size_t max_bytes) override;

  /// One API call with retries: the parsed JSON body, or AzureError. It stops
  /// (AzureError, cancelled) between attempts once the run is cancelled or
  /// `abandoned` (when given) is set: nobody wants the answer any more.
  Poco::JSON::Object::Ptr call(govsync::AzureApi api, const std::string& method, const std::string& url,
                               const std::string& body, const std::atomic<bool>* abandoned = nullptr);
  /// One API call with retries and one fresh token after a 401: the 2xx
  /// answer as it came, or AzureError.
  HttpResponse answer(govsync::AzureApi api, const std::string& method, const std::string& url, const std::string& body,
                      const std::atomic<bool>* abandoned = nullptr, std::size_t max_response_bytes = kMaxResponseBytes);
  /// The absolute URL for a path of an API; an absolute URL (a next link) must
  /// point at the same scheme, host and port as the API's base.
  std::string url_for(govsync::AzureApi api, const std::string& path_or_url) const;

  /// Fetches a new token with the tenant's credentials (a client constructed with them).
  AccessToken fetch_token(const std::string& scope);

 private:
  /// Sends with retries on 429/5xx/timeouts/connection errors. Returns the
  /// last response (which may still be an error status); throws AzureError
  /// when no response came, or when cancelled.
  HttpResponse send(const HttpRequest& request, int& attempts, const std::atomic<bool>* abandoned = nullptr);
  void pause(std::chrono::milliseconds wait, const std::atomic<bool>* abandoned);
  /// Waits until the pacer lets a request to `scope` go (at most until `deadline`,
  /// then it goes anyway); nothing when pacing is off. Returns the pacer to count it with.
  RequestPacer* wait_for_turn(const std::string& scope, const RequestPacer::Charge& charge,
                              std::chrono::steady_clock::time_point deadline, const std::atomic<bool>* abandoned);
  /// One exchange: the answer, or nothing with `failure` and `failure_text` set
  /// (timeout, connection). Throws AzureError for a request that cannot be sent.
  std::optional<HttpResponse> exchange_once(const HttpRequest& request, const std::string& what,
                                            AzureErrorKind& failure, std::string& failure_text);
  /// Why to stop now (cancelled run, abandoned call), or empty to go on.
  std::string stop_reason(const std::atomic<bool>* abandoned) const;

  TenantSettings tenant_;
  AzureSettings settings_;
  TokenSource tokens_;
  std::function<bool()> cancelled_;
  std::shared_ptr<spdlog::logger> log_;
  AttemptListener on_attempt_;
  RequestPacer pacer_;
  std::mutex random_mutex_;
  std::mt19937_64 random_;
};

}  // namespace govsync::host
