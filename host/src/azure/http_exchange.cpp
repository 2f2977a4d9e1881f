#include "azure/http_exchange.hpp"

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/StreamCopier.h>

#include <memory>
#include <mutex>
#include <stdexcept>

namespace govsync::host {
namespace {

Poco::Net::Context::Ptr tls_context() {
  static std::once_flag once;
  static Poco::Net::Context::Ptr context;
  std::call_once(once, [] {
    Poco::Net::initializeSSL();
    // Verify the server against the system CA store (and its host name).
    context = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", "", "", Poco::Net::Context::VERIFY_RELAXED,
                                     9, true);
  });
  return context;
}

}  // namespace

bool is_loopback_host(const std::string& host) {
  return host == "localhost" || host == "::1" || host == "[::1]" || host.rfind("127.", 0) == 0;
}

HttpResponse http_exchange(const HttpRequest& request, std::chrono::milliseconds timeout, bool allow_insecure_http) {
  const auto& uri = request.uri;
  std::unique_ptr<Poco::Net::HTTPClientSession> session;
  if (uri.getScheme() == "https") {
    session = std::make_unique<Poco::Net::HTTPSClientSession>(uri.getHost(), uri.getPort(), tls_context());
  } else if (uri.getScheme() == "http") {
    if (!allow_insecure_http && !is_loopback_host(uri.getHost()) && uri.getHost() != "169.254.169.254") {
      throw std::invalid_argument("refusing plain http to " + uri.getHost() +
                                  ": use https, or set [azure] allow_insecure_http = true");
    }
    session = std::make_unique<Poco::Net::HTTPClientSession>(uri.getHost(), uri.getPort());
  } else {
    throw std::invalid_argument("unsupported URL scheme '" + uri.getScheme() + "'");
  }
  session->setTimeout(
      Poco::Timespan(static_cast<long>(timeout.count() / 1000), static_cast<long>(timeout.count() % 1000) * 1000));

  Poco::Net::HTTPRequest http(request.method, uri.getPathEtc(), Poco::Net::HTTPMessage::HTTP_1_1);
  http.set("Accept", "application/json");
  for (const auto& [name, value] : request.headers) http.set(name, value);
  if (!request.body.empty() || request.method == "POST") {
    http.setContentType(request.content_type.empty() ? "application/json" : request.content_type);
    http.setContentLength(static_cast<std::streamsize>(request.body.size()));
  }
  auto& out = session->sendRequest(http);
  out << request.body;

  Poco::Net::HTTPResponse http_response;
  auto& in = session->receiveResponse(http_response);
  HttpResponse response;
  response.status = static_cast<int>(http_response.getStatus());
  response.retry_after = http_response.get("Retry-After", "");
  Poco::StreamCopier::copyToString(in, response.body);
  return response;
}

}  // namespace govsync::host
