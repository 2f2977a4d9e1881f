#include "admin/http_message.hpp"

#include <Poco/Exception.h>
#include <Poco/JSON/Object.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Timestamp.h>
#include <Poco/URI.h>

#include <sstream>

namespace govsync::host {

std::optional<std::size_t> head_end(std::string_view bytes) {
  const auto at = bytes.find("\r\n\r\n");
  if (at == std::string_view::npos) return std::nullopt;
  return at + 4;
}

std::optional<RequestHead> parse_request_head(std::string_view head) {
  try {
    std::istringstream in{std::string(head)};
    Poco::Net::HTTPRequest parsed;
    parsed.read(in);
    const Poco::URI uri(parsed.getURI());
    RequestHead result;
    result.request = {parsed.getMethod(), uri.getPath(), uri.getRawQuery(), parsed.get("Authorization", ""), ""};
    // Any Transfer-Encoding (chunked, or chunked after another coding) is refused by the caller.
    result.chunked = parsed.has("Transfer-Encoding");
    const auto length = parsed.getContentLength64();
    if (parsed.has("Content-Length") && length < 0) return std::nullopt;
    result.body_length = length > 0 ? static_cast<std::size_t>(length) : 0;
    result.keep_alive = parsed.getKeepAlive();
    if (result.request.method.empty() || result.request.path.empty()) return std::nullopt;
    return result;
  } catch (const Poco::Exception&) {
    return std::nullopt;
  }
}

std::string format_response(const AdminResponse& response, bool keep_alive, bool head_only) {
  Poco::Net::HTTPResponse head(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(response.status));
  head.setVersion(Poco::Net::HTTPMessage::HTTP_1_1);
  head.setDate(Poco::Timestamp());
  head.set("Server", "govsync");
  head.setContentType(response.content_type);
  head.set("Cache-Control", "no-store");
  head.set("X-Content-Type-Options", "nosniff");
  if (!response.allow.empty()) head.set("Allow", response.allow);
  head.setContentLength64(static_cast<Poco::Int64>(response.body.size()));
  head.setKeepAlive(keep_alive);
  std::ostringstream out;
  head.write(out);
  if (!head_only) out << response.body;  // a HEAD answer has the length, never the body
  return out.str();
}

AdminResponse error_response(int status, const std::string& message) {
  Poco::JSON::Object body;
  body.set("error", message);
  std::ostringstream text;
  body.stringify(text);
  return {status, "application/json", text.str() + "\n", ""};
}

}  // namespace govsync::host
