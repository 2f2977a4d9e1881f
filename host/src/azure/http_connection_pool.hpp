#pragma once
// Idle HTTP(S) connections kept open per origin (scheme, host, port), so
// that requests to the same API reuse a connection instead of opening one
// (and a TLS handshake) each time.

#include <chrono>
#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/URI.h>

namespace govsync::host {

class HttpConnectionPool {
 public:
  /// At most `max_idle_per_origin` idle connections are kept per origin; one
  /// idle for longer than `max_idle` is closed rather than reused.
  HttpConnectionPool(std::size_t max_idle_per_origin, std::chrono::seconds max_idle);

  /// The process's pool, used by http_exchange.
  static HttpConnectionPool& shared();

  /// A connection to the URI's origin: an idle one if there is one (`reused`
  /// is then true), else a new, not yet connected session. Throws
  /// std::invalid_argument for a scheme other than http and https.
  std::unique_ptr<Poco::Net::HTTPClientSession> take(const Poco::URI& uri, bool& reused);

  /// Returns a connection whose last response was read completely and that
  /// the server keeps open.
  void give_back(const Poco::URI& uri, std::unique_ptr<Poco::Net::HTTPClientSession> session);

  /// Connections opened so far (new sessions handed out by take()).
  std::size_t opened() const;
  /// Idle connections kept now, over all origins.
  std::size_t idle() const;

 private:
  struct Idle {
    std::unique_ptr<Poco::Net::HTTPClientSession> session;
    std::chrono::steady_clock::time_point since;
  };
  static std::string origin_of(const Poco::URI& uri);

  std::size_t max_idle_per_origin_;
  std::chrono::seconds max_idle_;
  mutable std::mutex mutex_;
  std::map<std::string, std::vector<Idle>> idle_;
  std::size_t opened_ = 0;
};

}  // namespace govsync::host
