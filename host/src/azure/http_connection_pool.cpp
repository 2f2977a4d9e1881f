#include "azure/http_connection_pool.hpp"

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/SSLManager.h>

#include <algorithm>
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

// Enough for every run of a busy host to find an idle connection to each API,
// few enough that a server's keep-alive workers are not all held by one client.
constexpr std::size_t kSharedMaxIdlePerOrigin = 64;
// Servers close idle connections after a while (Azure after about four minutes);
// Poco reconnects by itself after its keep-alive timeout, and an older one is dropped.
constexpr std::chrono::seconds kSharedMaxIdle{30};

}  // namespace

HttpConnectionPool::HttpConnectionPool(std::size_t max_idle_per_origin, std::chrono::seconds max_idle)
    : max_idle_per_origin_(max_idle_per_origin), max_idle_(max_idle) {}

HttpConnectionPool& HttpConnectionPool::shared() {
  static HttpConnectionPool pool(kSharedMaxIdlePerOrigin, kSharedMaxIdle);
  return pool;
}

std::string HttpConnectionPool::origin_of(const Poco::URI& uri) {
  return uri.getScheme() + "://" + uri.getHost() + ":" + std::to_string(uri.getPort());
}

std::unique_ptr<Poco::Net::HTTPClientSession> HttpConnectionPool::take(const Poco::URI& uri, bool& reused) {
  reused = false;
  {
    std::lock_guard lock(mutex_);
    if (const auto it = idle_.find(origin_of(uri)); it != idle_.end()) {
      auto& sessions = it->second;
      const auto now = std::chrono::steady_clock::now();
      while (!sessions.empty()) {
        auto idle = std::move(sessions.back());  // the most recently used: the least likely to be closed
        sessions.pop_back();
        if (now - idle.since <= max_idle_) {
          reused = true;
          return std::move(idle.session);
        }
      }
    }
    ++opened_;
  }
  std::unique_ptr<Poco::Net::HTTPClientSession> session;
  if (uri.getScheme() == "https") {
    session = std::make_unique<Poco::Net::HTTPSClientSession>(uri.getHost(), uri.getPort(), tls_context());
  } else if (uri.getScheme() == "http") {
    session = std::make_unique<Poco::Net::HTTPClientSession>(uri.getHost(), uri.getPort());
  } else {
    throw std::invalid_argument("unsupported URL scheme '" + uri.getScheme() + "'");
  }
  session->setKeepAlive(true);
  return session;
}

void HttpConnectionPool::give_back(const Poco::URI& uri, std::unique_ptr<Poco::Net::HTTPClientSession> session) {
  std::lock_guard lock(mutex_);
  auto& sessions = idle_[origin_of(uri)];
  if (sessions.size() >= max_idle_per_origin_) return;  // closed as it goes out of scope
  sessions.push_back({std::move(session), std::chrono::steady_clock::now()});
}

std::size_t HttpConnectionPool::opened() const {
  std::lock_guard lock(mutex_);
  return opened_;
}

std::size_t HttpConnectionPool::idle() const {
  std::lock_guard lock(mutex_);
  std::size_t count = 0;
  for (const auto& [_, sessions] : idle_) count += sessions.size();
  return count;
}

}  // namespace govsync::host
