#pragma once
// HTTP/1.1 requests and responses of the admin server as bytes: a request's
// head is parsed by Poco::Net::HTTPRequest, a response is written by
// Poco::Net::HTTPResponse (so its reason phrase is the standard one).

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "admin/admin_routes.hpp"

namespace govsync::host {

/// The longest request head (request line and headers) the server reads.
inline constexpr std::size_t kMaxRequestHead = 16 * 1024;

struct RequestHead {
  AdminRequest request;  // method, path, query and authorization; no body yet
  std::size_t body_length = 0;
  bool chunked = false;  // any Transfer-Encoding
  bool keep_alive = true;
};

/// Where the head ends in `bytes` (just past the empty line), or nothing yet.
std::optional<std::size_t> head_end(std::string_view bytes);

/// Parses a complete head; nothing when it is not a well-formed HTTP request.
std::optional<RequestHead> parse_request_head(std::string_view head);

/// The response as bytes, with Content-Length, no-store caching and, when
/// `keep_alive` is false, Connection: close; without its body for a HEAD request.
std::string format_response(const AdminResponse& response, bool keep_alive, bool head_only = false);

/// A response with a JSON error body.
AdminResponse error_response(int status, const std::string& message);

}  // namespace govsync::host
