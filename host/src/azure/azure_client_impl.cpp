#include "azure/azure_client_impl.hpp"

#include <Poco/Exception.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/NetException.h>
#include <spdlog/spdlog.h>

#include <fstream>
#include <sstream>
#include <thread>

#include "azure/azure_error_mapping.hpp"
#include "azure/azure_pages.hpp"
#include "azure/cost_management_quota.hpp"
#include "azure/retry_policy.hpp"
#include "azure/throttle_headers.hpp"

namespace govsync::host {
namespace {

using govsync::AzureError;
using govsync::AzureErrorKind;

std::string form_encode(const std::string& value) {
  std::string encoded;
  Poco::URI::encode(value, "!#$&'()*+,/:;=?@[]", encoded);
  return encoded;
}

std::string read_secret(const std::filesystem::path& file, const std::string& tenant) {
  std::ifstream in(file);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in) {
    throw AzureError(AzureErrorKind::authentication, 0,
                     "cannot read the client secret file of tenant " + tenant + " (" + file.string() + ")");
  }
  auto secret = text.str();
  while (!secret.empty() && (secret.back() == '\n' || secret.back() == '\r' || secret.back() == ' ')) secret.pop_back();
  return secret;
}

std::string origin_of(const Poco::URI& uri) {
  return uri.getScheme() + "://" + uri.getHost() + ":" + std::to_string(uri.getPort());
}

Poco::JSON::Object::Ptr parse_object(const std::string& body, const std::string& method, const std::string& url) {
  try {
    auto parsed = Poco::JSON::Parser().parse(body);
    if (auto object = parsed.extract<Poco::JSON::Object::Ptr>()) return object;
  } catch (const Poco::Exception& e) {
    throw AzureError(AzureErrorKind::malformed_response, 200,
                     "malformed JSON in the response to " + method + " " + url + " (" + std::to_string(body.size()) +
                         " bytes): " + e.displayText());
  } catch (const std::exception& e) {
    throw AzureError(AzureErrorKind::malformed_response, 200,
                     "malformed JSON in the response to " + method + " " + url + ": " + e.what());
  }
  throw AzureError(AzureErrorKind::malformed_response, 200,
                   "the response to " + method + " " + url + " is not a JSON object");
}

}  // namespace

AzureClientImpl::AzureClientImpl(TenantSettings tenant, AzureSettings settings, TokenCache& tokens,
                                 std::function<bool()> cancelled, std::shared_ptr<spdlog::logger> log,
                                 AttemptListener on_attempt)
    : tenant_(std::move(tenant)),
      settings_(std::move(settings)),
      cancelled_(std::move(cancelled)),
      log_(std::move(log)),
      on_attempt_(std::move(on_attempt)),
      random_(std::random_device{}()) {
  tokens_ = [this, &tokens](const std::string& scope, const std::string& rejected) {
    return tokens.token(
        tenant_.id, scope, [&] { return fetch_token(scope); }, rejected);
  };
}

AzureClientImpl::AzureClientImpl(std::string tenant_id, AzureSettings settings, TokenSource source,
                                 std::function<bool()> cancelled, std::shared_ptr<spdlog::logger> log,
                                 AttemptListener on_attempt)
    : settings_(std::move(settings)),
      tokens_(std::move(source)),
      cancelled_(std::move(cancelled)),
      log_(std::move(log)),
      on_attempt_(std::move(on_attempt)),
      random_(std::random_device{}()) {
  tenant_.id = std::move(tenant_id);
}

std::string AzureClientImpl::bearer(const std::string& scope) { return tokens_(scope, {}); }

std::string AzureClientImpl::url_for(govsync::AzureApi api, const std::string& path_or_url) const {
  const auto& base = api == govsync::AzureApi::management ? settings_.management : settings_.graph;
  if (path_or_url.rfind("http://", 0) != 0 && path_or_url.rfind("https://", 0) != 0) {
    auto trimmed = base;
    while (!trimmed.empty() && trimmed.back() == '/') trimmed.pop_back();
    return trimmed + (path_or_url.rfind('/', 0) == 0 ? "" : "/") + path_or_url;
  }
  // A next link carries the bearer token with it: it must stay on the API's host.
  if (origin_of(Poco::URI(path_or_url)) != origin_of(Poco::URI(base))) {
    throw AzureError(AzureErrorKind::malformed_response, 0,
                     "a next link points to " + origin_of(Poco::URI(path_or_url)) + ", not to the API at " +
                         origin_of(Poco::URI(base)) + "; refusing to send the tenant's token there");
  }
  return path_or_url;
}

std::string AzureClientImpl::stop_reason(const std::atomic<bool>* abandoned) const {
  if (cancelled_ && cancelled_()) return "cancelled";
  if (abandoned != nullptr && abandoned->load()) return "no longer wanted (the listing was dropped)";
  return {};
}

void AzureClientImpl::pause(std::chrono::milliseconds wait, const std::atomic<bool>* abandoned) {
  const auto until = std::chrono::steady_clock::now() + wait;
  while (std::chrono::steady_clock::now() < until) {
    if (const auto reason = stop_reason(abandoned); !reason.empty())
      throw AzureError(AzureErrorKind::cancelled, 0, reason + " while waiting to retry");
    std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(
        std::chrono::milliseconds(50), until - std::chrono::steady_clock::now()));
  }
}

RequestPacer* AzureClientImpl::wait_for_turn(const std::string& scope, const RequestPacer::Charge& charge,
                                             std::chrono::steady_clock::time_point deadline,
                                             const std::atomic<bool>* abandoned) {
  if (!settings_.pace_requests) return nullptr;
  while (true) {
    const auto now = std::chrono::steady_clock::now();
    const auto wait = pacer_.turn(scope, now, charge);
    if (wait.count() == 0) return &pacer_;
    if (now + wait > deadline) {
      log_->debug("the quota of {} is back in {} ms, past [azure] max_retry_time; sending now", scope, wait.count());
      pacer_.go_anyway(scope, now, charge);
      return &pacer_;
    }
    log_->debug("pacing: {} ms until the quota of {} allows another request", wait.count(), scope);
    pause(wait, abandoned);
  }
}

std::optional<HttpResponse> AzureClientImpl::exchange_once(const HttpRequest& request, const std::string& what,
                                                           AzureErrorKind& failure, std::string& failure_text) {
  const auto timeout = std::chrono::duration_cast<std::chrono::milliseconds>(settings_.request_timeout);
  failure = AzureErrorKind::connection;
  try {
    return http_exchange(request, timeout, settings_.allow_insecure_http);
  } catch (const Poco::TimeoutException&) {
    failure = AzureErrorKind::timeout;
    failure_text = "no answer within " + std::to_string(timeout.count()) + " ms";
  } catch (const Poco::Exception& e) {
    failure_text = e.displayText();
  } catch (const std::invalid_argument& e) {
    throw AzureError(AzureErrorKind::bad_request, 0, what + ": " + e.what());
  } catch (const std::length_error& e) {
    throw AzureError(AzureErrorKind::malformed_response, 0, what + ": " + e.what());
  }
  return std::nullopt;
}

HttpResponse AzureClientImpl::send(const HttpRequest& request, int& attempts, const std::atomic<bool>* abandoned) {
  const auto started = std::chrono::steady_clock::now();
  const auto budget = std::chrono::duration_cast<std::chrono::milliseconds>(settings_.max_retry_time);
  const std::string what = request.method + " " + request.uri.toString();
  const auto scope = RequestPacer::scope_of(origin_of(request.uri), request.uri.getPath());
  const RequestPacer::Charge charge{cost_management_qpu(request.uri.getPath(), request.body),
                                    &cost_management_qpu_quotas()};
  for (attempts = 1;; ++attempts) {
    if (const auto reason = stop_reason(abandoned); !reason.empty())
      throw AzureError(AzureErrorKind::cancelled, 0, what + ": " + reason);
    std::optional<HttpResponse> response;
    AzureErrorKind failure = AzureErrorKind::connection;
    std::string failure_text;
    const auto sent = std::chrono::steady_clock::now();
    {
      PacedRequest paced(wait_for_turn(scope, charge, started + budget, abandoned), scope);
      response = exchange_once(request, what, failure, failure_text);
      if (response) paced.reading = quota_reading(response->throttle_headers);
    }
    const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - sent);
    if (response) log_->debug("{} -> {} ({} ms, attempt {})", what, response->status, took.count(), attempts);
    if (response && !is_retryable_status(response->status)) {
      if (on_attempt_) on_attempt_(response->status, false);
      return *response;
    }
    if (!response) log_->debug("{} failed: {} (attempt {})", what, failure_text, attempts);

    // A wait the service states (Retry-After, or Cost Management's own headers) is
    // waited out within max_retry_time, however many attempts that takes; without
    // one, max_attempts bounds the retries too.
    // Read up to a little past the budget, so that a wait longer than it is seen to be.
    const auto asked = response ? requested_wait(response->throttle_headers, std::chrono::system_clock::now(),
                                                 budget + std::chrono::seconds(1))
                                : std::nullopt;
    std::chrono::milliseconds wait;
    {
      std::lock_guard lock(random_mutex_);
      wait = std::max(backoff_delay(attempts, random_), asked.value_or(std::chrono::milliseconds(0)));
    }
    const auto elapsed =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
    const bool give_up = elapsed + wait > budget || (!asked && attempts >= settings_.max_attempts);
    if (on_attempt_) on_attempt_(response ? response->status : 0, !give_up);
    if (give_up) {
      if (asked && elapsed + wait > budget) {
        log_->warn("{}: HTTP {} asks to wait {} ms more, past [azure] max_retry_time ({} s); giving up", what,
                   response->status, wait.count(), settings_.max_retry_time.count());
      }
      if (response) return *response;
      throw AzureError(failure, 0,
                       what + ": " + failure_text + " (after " + std::to_string(attempts) +
                           " attempts); check the network path to Azure or raise [azure] request_timeout");
    }
    log_->info("{}: {}, retrying in {} ms", what, response ? "HTTP " + std::to_string(response->status) : failure_text,
               wait.count());
    pause(wait, abandoned);
  }
}

AccessToken AzureClientImpl::fetch_token(const std::string& scope) {
  HttpRequest request;
  if (tenant_.managed_identity) {
    auto resource = scope;
    if (const auto suffix = resource.rfind("/.default"); suffix != std::string::npos) resource.erase(suffix + 1);
    request.uri = Poco::URI(settings_.imds_endpoint);
    request.uri.addQueryParameter("api-version", "2018-02-01");
    request.uri.addQueryParameter("resource", resource);
    request.headers.emplace_back("Metadata", "true");
  } else {
    auto authority = settings_.authority;
    while (!authority.empty() && authority.back() == '/') authority.pop_back();
    request.method = "POST";
    request.uri = Poco::URI(authority + "/" + tenant_.directory_id + "/oauth2/v2.0/token");
    request.content_type = "application/x-www-form-urlencoded";
    request.body = "grant_type=client_credentials&client_id=" + form_encode(tenant_.client_id) +
                   "&client_secret=" + form_encode(read_secret(tenant_.client_secret_file, tenant_.id)) +
                   "&scope=" + form_encode(scope);
  }
  int attempts = 0;
  const auto response = send(request, attempts);
  if (response.status != 200) throw token_error(response.status, response.body, tenant_.id, scope);
  const auto json = parse_object(response.body, request.method, request.uri.toString());
  AccessToken token;
  try {
    token.value = json->getValue<std::string>("access_token");
    // Entra sends expires_in as a number, IMDS as a string.
    token.expires = std::chrono::steady_clock::now() + std::chrono::seconds(json->get("expires_in").convert<int>());
  } catch (const Poco::Exception& e) {
    throw AzureError(AzureErrorKind::malformed_response, 200,
                     "the token response for tenant " + tenant_.id + " lacks access_token or expires_in");
  }
  log_->debug("token for tenant {} (scope {}) fetched", tenant_.id, scope);
  return token;
}

HttpResponse AzureClientImpl::answer(govsync::AzureApi api, const std::string& method, const std::string& url,
                                     const std::string& body, const std::atomic<bool>* abandoned,
                                     std::size_t max_response_bytes) {
  HttpRequest request;
  request.method = method;
  request.uri = Poco::URI(url);
  request.body = body;
  request.max_response_bytes = max_response_bytes;
  const auto& scope = api == govsync::AzureApi::management ? settings_.management_scope : settings_.graph_scope;
  const auto token = tokens_(scope, {});
  request.headers.emplace_back("Authorization", "Bearer " + token);
  int attempts = 0;
  auto response = send(request, attempts, abandoned);
  if (response.status == 401) {
    // A token the API refuses before it expires (signing keys rotated, consent
    // revoked) would fail every run of the tenant until it expired: drop it
    // and try once more with a fresh one.
    log_->warn("{} {}: HTTP 401 with a cached token of tenant {}; fetching a fresh token and trying once more", method,
               url, tenant_.id);
    request.headers.back().second = "Bearer " + tokens_(scope, token);
    int more = 0;
    response = send(request, more, abandoned);
    attempts += more;
  }
  if (response.status < 200 || response.status >= 300) {
    throw api_error(response.status, response.body, method, url, attempts);
  }
  return response;
}

Poco::JSON::Object::Ptr AzureClientImpl::call(govsync::AzureApi api, const std::string& method, const std::string& url,
                                              const std::string& body, const std::atomic<bool>* abandoned) {
  const auto response = answer(api, method, url, body, abandoned);
  // No content, no object: the Cost Management query declares 204 for "no data for the scope"
  // (its specification lists 204 beside 200 for Query_Usage).
  if (response.status == 204) return nullptr;
  auto object = parse_object(response.body, method, url);
  if (auto error = error_in_success(*object, response.status, method, url)) throw *error;
  return object;
}

namespace {

Poco::JSON::Object::Ptr object_or_refusal(Poco::JSON::Object::Ptr object, const std::string& method,
                                          const std::string& url) {
  if (object) return object;
  throw govsync::AzureError(govsync::AzureErrorKind::malformed_response, 204,
                            method + " " + url + " answered 204 No Content where an object was expected");
}

}  // namespace

Poco::JSON::Object::Ptr AzureClientImpl::get(govsync::AzureApi api, const std::string& path_and_query) {
  const auto url = url_for(api, path_and_query);
  return object_or_refusal(call(api, "GET", url, ""), "GET", url);
}

std::string AzureClientImpl::get_bytes(govsync::AzureApi api, const std::string& path_and_query,
                                       std::size_t max_bytes) {
  return answer(api, "GET", url_for(api, path_and_query), "", nullptr, max_bytes).body;
}

Poco::JSON::Object::Ptr AzureClientImpl::post(govsync::AzureApi api, const std::string& path_and_query,
                                              const Poco::JSON::Object& body) {
  std::ostringstream text;
  body.stringify(text);
  const auto url = url_for(api, path_and_query);
  return object_or_refusal(call(api, "POST", url, text.str()), "POST", url);
}

std::unique_ptr<govsync::AzurePages> AzureClientImpl::pages(govsync::AzureApi api, govsync::AzurePaging paging,
                                                            const std::string& path_and_query,
                                                            Poco::JSON::Object::Ptr body) {
  return std::make_unique<AzurePagesImpl>(*this, api, paging, url_for(api, path_and_query), std::move(body));
}

}  // namespace govsync::host
