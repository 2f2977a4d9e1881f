#pragma once
/// \file
/// Authenticated, resilient access to Azure Resource Manager (and the APIs
/// under it: Cost Management, Policy Insights, Resource Graph, Defender) and
/// Microsoft Graph for the run's tenant. Obtained from RunContext::azure().
///
/// The host acquires and caches tokens, retries 429/5xx/connection failures
/// with exponential backoff and jitter (honouring Retry-After), applies a
/// per-request timeout, and follows the four paging styles, fetching each
/// listing one page ahead of the plugin.

#include <cstddef>
#include <memory>
#include <stdexcept>
#include <string>

#include <Poco/JSON/Object.h>

namespace govsync {

/// Which API a request goes to; the host supplies its base URL and token.
enum class AzureApi {
  management,  ///< Azure Resource Manager, e.g. "/subscriptions?api-version=2022-12-01"
  graph,       ///< Microsoft Graph, e.g. "/v1.0/users"
};

/// How a listing says where its next page is.
enum class AzurePaging {
  odata_next_link,       ///< "@odata.nextLink" (Policy Insights, Microsoft Graph)
  next_link,             ///< "nextLink" (ARM lists)
  properties_next_link,  ///< "properties.nextLink" with $skiptoken (Cost Management)
  skip_token_in_body,    ///< "$skipToken", sent back in the body's options (Resource Graph)
  single_object,         ///< not a listing: one object, fetched ahead like a page (no list is required of it)
};

/// What went wrong with a request, for plugins to act on and runs to report.
enum class AzureErrorKind {
  authentication,      ///< the token request failed (the message carries the AADSTS code) or 401
  forbidden,           ///< 403: the message names the role or permission that is probably missing
  not_found,           ///< 404
  throttled,           ///< 429 after every retry
  server_error,        ///< 5xx after every retry
  timeout,             ///< no answer within the request timeout, after every retry
  connection,          ///< cannot connect, after every retry
  malformed_response,  ///< the body is not the JSON expected (the message names the URL and position)
  bad_request,         ///< any other 4xx
  cancelled,           ///< the run was cancelled while waiting
};

/// A failed request. what() says what failed, where, and what to do; it never
/// contains a secret or a token.
class AzureError : public std::runtime_error {
 public:
  /// Creates an error of a kind, with the HTTP status (0 if none) and the
  /// service's error code (e.g. "AADSTS7000215", "AuthorizationFailed").
  AzureError(AzureErrorKind kind, int status, const std::string& message, std::string code = {})
      : std::runtime_error(message), kind_(kind), status_(status), code_(std::move(code)) {}
  /// The kind of failure.
  AzureErrorKind kind() const { return kind_; }
  /// The HTTP status, or 0 when there was no response.
  int status() const { return status_; }
  /// The service's error code, or empty.
  const std::string& code() const { return code_; }

 private:
  AzureErrorKind kind_;
  int status_;
  std::string code_;
};

/// The pages of one listing. The host fetches one page ahead: the first page
/// as soon as the listing is started, each next one while the plugin works
/// through the page before it. At most two pages are in memory at a time.
/// Every page must hold its list where its paging style keeps it ("value",
/// "properties.rows" or "data", an array); a page that does not, a 2xx error
/// object, a next link or skip token already followed, or more than 100,000
/// pages throws AzureError (malformed_response), and so does every later
/// next(): a bogus answer never looks like the end of a listing. A first
/// request answered 204 No Content (Cost Management: no data for the scope)
/// is a listing without pages: the first next() returns null.
class AzurePages {
 public:
  virtual ~AzurePages() = default;
  /// The next page, or null after the last one. Throws AzureError.
  virtual Poco::JSON::Object::Ptr next() = 0;
  /// Pages fetched so far.
  virtual std::size_t pages_read() const = 0;
};

/// The client for the run's tenant. Thread-safe.
class AzureClient {
 public:
  virtual ~AzureClient() = default;
  /// GETs a path (relative to the API's base URL) and returns the JSON body. Throws AzureError.
  virtual Poco::JSON::Object::Ptr get(AzureApi api, const std::string& path_and_query) = 0;
  /// POSTs a JSON body to a path and returns the JSON body. Throws AzureError.
  virtual Poco::JSON::Object::Ptr post(AzureApi api, const std::string& path_and_query,
                                       const Poco::JSON::Object& body) = 0;
  /// Starts a listing and its first request at once: GET (body null) or POST
  /// (body set); later pages follow `paging`. Listings started together are
  /// fetched together. A single object (AzurePaging::single_object) is a
  /// listing of one page: started early, it is fetched while the plugin does
  /// other work.
  /// Next links must stay on the API's host.
  /// The pages are valid while this client is (for RunContext::azure(): the run).
  virtual std::unique_ptr<AzurePages> pages(AzureApi api, AzurePaging paging, const std::string& path_and_query,
                                            Poco::JSON::Object::Ptr body = nullptr) = 0;
  /// GETs a path and returns the body as it came, not read as JSON: contents
  /// such as an attachment's raw MIME (Graph's .../attachments/{id}/$value).
  /// Tokens, retries and timeouts as for get(). An answer over `max_bytes` is
  /// refused (AzureError, malformed_response) before it is read whole, by its
  /// Content-Length or while it is read. Throws AzureError. (SDK 1.3)
  virtual std::string get_bytes(AzureApi api, const std::string& path_and_query, std::size_t max_bytes) = 0;
};

}  // namespace govsync
