#include "azure/http_exchange.hpp"

#include <Poco/Exception.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>

#include <stdexcept>

#include "azure/http_connection_pool.hpp"

namespace govsync::host {
namespace {

HttpResponse exchange_on(Poco::Net::HTTPClientSession& session, const HttpRequest& request, bool& keep_alive) {
  Poco::Net::HTTPRequest http(request.method, request.uri.getPathEtc(), Poco::Net::HTTPMessage::HTTP_1_1);
  http.set("Accept", "application/json");
  http.setKeepAlive(true);
  for (const auto& [name, value] : request.headers) http.set(name, value);
  if (!request.body.empty() || request.method == "POST") {
    http.setContentType(request.content_type.empty() ? "application/json" : request.content_type);
    http.setContentLength(static_cast<std::streamsize>(request.body.size()));
  }
  auto& out = session.sendRequest(http);
  out << request.body;

  Poco::Net::HTTPResponse http_response;
  auto& in = session.receiveResponse(http_response);
  HttpResponse response;
  response.status = static_cast<int>(http_response.getStatus());
  response.retry_after = http_response.get("Retry-After", "");
  Poco::StreamCopier::copyToString(in, response.body);
  // Only a connection whose response was read to its end can carry the next request.
  keep_alive = http_response.getKeepAlive() && in.eof() && !in.bad();
  return response;
}

}  // namespace

bool is_loopback_host(const std::string& host) {
  return host == "localhost" || host == "::1" || host == "[::1]" || host.rfind("127.", 0) == 0;
}

HttpResponse http_exchange(const HttpRequest& request, std::chrono::milliseconds timeout, bool allow_insecure_http) {
  const auto& uri = request.uri;
  if (uri.getScheme() == "http" && !allow_insecure_http && !is_loopback_host(uri.getHost()) &&
      uri.getHost() != "169.254.169.254") {
    throw std::invalid_argument("refusing plain http to " + uri.getHost() +
                                ": use https, or set [azure] allow_insecure_http = true");
  }
  auto& pool = HttpConnectionPool::shared();
  for (int attempt = 1;; ++attempt) {
    bool reused = false;
    auto session = pool.take(uri, reused);
    session->setTimeout(
        Poco::Timespan(static_cast<long>(timeout.count() / 1000), static_cast<long>(timeout.count() % 1000) * 1000));
    bool keep_alive = false;
    try {
      auto response = exchange_on(*session, request, keep_alive);
      if (keep_alive) pool.give_back(uri, std::move(session));
      return response;
    } catch (const Poco::TimeoutException&) {
      throw;  // the server may be working on it: the caller's retry policy decides
    } catch (const Poco::Exception&) {
      // A kept connection the server closed while it sat idle fails at once;
      // that is no failure of the server: send once more on a new connection.
      if (!reused || attempt > 1) throw;
    }
  }
}

}  // namespace govsync::host
