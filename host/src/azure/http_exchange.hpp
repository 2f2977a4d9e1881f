#pragma once
// One HTTP request and its response, over Poco::Net (HTTPS with the system CA store).

#include <chrono>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include <Poco/URI.h>

namespace govsync::host {

/// The largest answer read; a larger one is refused (std::length_error) before it is read whole.
inline constexpr std::size_t kMaxResponseBytes = std::size_t{256} << 20;

struct HttpRequest {
  std::string method = "GET";
  Poco::URI uri;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string content_type;
  std::string body;
  std::size_t max_response_bytes = kMaxResponseBytes;  // a larger answer is refused (std::length_error)
};

struct HttpResponse {
  int status = 0;
  std::string body;
  /// The headers by which a service states its limits (names in lower case):
  /// Retry-After, x-ms-ratelimit-... and x-ms-user-quota-...; see throttle_headers.hpp.
  std::vector<std::pair<std::string, std::string>> throttle_headers;
};

/// Sends the request and reads the whole response. Throws Poco::TimeoutException
/// when the whole answer has not come within `timeout` (one deadline for the
/// request, however the server paces its bytes), and Poco::Net/IO exceptions
/// when it cannot be reached. std::length_error for an answer over request.max_response_bytes. Refuses plain http:// to
/// anything but loopback unless allow_insecure_http (std::invalid_argument).
HttpResponse http_exchange(const HttpRequest& request, std::chrono::milliseconds timeout, bool allow_insecure_http);

/// True for localhost, 127.0.0.0/8 and ::1.
bool is_loopback_host(const std::string& host);

}  // namespace govsync::host
