#include "azure/http_exchange.hpp"

#include <Poco/Exception.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/String.h>

#include <cstdint>
#include <stdexcept>

#include "azure/http_connection_pool.hpp"
#include "azure/socket_deadline.hpp"

namespace govsync::host {
namespace {

using Clock = std::chrono::steady_clock;

// Time left until the deadline as a socket timeout; TimeoutException once it passed.
Poco::Timespan left_until(Clock::time_point deadline, std::chrono::milliseconds timeout) {
  const auto left = std::chrono::duration_cast<std::chrono::microseconds>(deadline - Clock::now());
  if (left.count() <= 0) {
    throw Poco::TimeoutException("no whole answer within " + std::to_string(timeout.count()) + " ms");
  }
  return Poco::Timespan(left.count());
}

// The body, one receive at a time, each bounded by the time left: a server
// that drips its answer cannot stretch a request past its deadline.
std::string too_large(std::size_t limit) {
  return limit >= (std::size_t{1} << 20) ? std::to_string(limit >> 20) + " MiB" : std::to_string(limit) + " bytes";
}

std::string read_body(std::istream& in, Poco::Net::HTTPClientSession& session, Clock::time_point deadline,
                      std::chrono::milliseconds timeout, std::size_t limit) {
  std::string body;
  char chunk[16384];
  while (true) {
    session.socket().setReceiveTimeout(left_until(deadline, timeout));
    if (in.peek() == std::char_traits<char>::eof()) break;  // one receive at most
    const auto got = in.readsome(chunk, sizeof chunk);
    body.append(chunk, static_cast<std::size_t>(got));
    if (body.size() > limit) {
      throw std::length_error("the answer is larger than " + too_large(limit) + "; it is not read further");
    }
  }
  return body;
}

HttpResponse read_response(Poco::Net::HTTPClientSession& session, const HttpRequest& request, bool& keep_alive,
                           Clock::time_point deadline, std::chrono::milliseconds timeout) {
  Poco::Net::HTTPResponse http_response;
  session.socket().setReceiveTimeout(left_until(deadline, timeout));
  auto& in = session.receiveResponse(http_response);
  HttpResponse response;
  response.status = static_cast<int>(http_response.getStatus());
  for (const auto& [name, value] : http_response) {
    auto lower = Poco::toLower(name);
    if (lower == "retry-after" || lower.rfind("x-ms-ratelimit-", 0) == 0 || lower.rfind("x-ms-user-quota-", 0) == 0) {
      response.throttle_headers.emplace_back(std::move(lower), value);
    }
  }
  if (http_response.hasContentLength() &&
      static_cast<std::uint64_t>(http_response.getContentLength64()) > request.max_response_bytes) {
    throw std::length_error("the answer declares " + std::to_string(http_response.getContentLength64()) +
                            " bytes, more than " + too_large(request.max_response_bytes) + "; it is not read");
  }
  response.body = read_body(in, session, deadline, timeout, request.max_response_bytes);
  // A receive that timed out leaves the stream bad, not an exception: an
  // answer cut short is a timeout (or a lost connection), never a body.
  const bool short_of_length = http_response.hasContentLength() &&
                               static_cast<std::streamsize>(response.body.size()) != http_response.getContentLength64();
  if (in.bad() || short_of_length) {
    if (Clock::now() >= deadline) {
      throw Poco::TimeoutException("no whole answer within " + std::to_string(timeout.count()) + " ms");
    }
    throw Poco::IOException("the answer ended after " + std::to_string(response.body.size()) + " bytes");
  }
  // Only a connection whose response was read to its end can carry the next request.
  keep_alive = http_response.getKeepAlive() && in.eof() && !in.bad();
  return response;
}

HttpResponse exchange_on(Poco::Net::HTTPClientSession& session, const HttpRequest& request, bool& keep_alive,
                         Clock::time_point deadline, std::chrono::milliseconds timeout) {
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
  // From here the server is answering: one deadline for its status line, headers and body.
  const SocketDeadline hard_deadline(session.socket(), deadline);
  try {
    return read_response(session, request, keep_alive, deadline, timeout);
  } catch (const Poco::Exception&) {
    if (hard_deadline.expired()) {
      throw Poco::TimeoutException("no whole answer within " + std::to_string(timeout.count()) + " ms");
    }
    throw;
  }
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
  const auto deadline = Clock::now() + timeout;  // for the whole exchange, not each read
  for (int attempt = 1;; ++attempt) {
    bool reused = false;
    auto session = pool.take(uri, reused);
    session->setTimeout(
        Poco::Timespan(static_cast<long>(timeout.count() / 1000), static_cast<long>(timeout.count() % 1000) * 1000));
    bool keep_alive = false;
    try {
      auto response = exchange_on(*session, request, keep_alive, deadline, timeout);
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
