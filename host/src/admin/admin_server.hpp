#pragma once
// The admin HTTP server of `govsync serve`, shaped like nginx's event loop:
// one thread accepts connections and reads every request without blocking,
// each with a deadline for the whole request, so slow or idle clients cost a
// descriptor, not a thread. /healthz is answered on that thread at once;
// other routes run on a few handler threads. Request bodies are limited to
// kMaxAdminBody bytes and, on /api/, read only from a client with the token.

#include <cstddef>
#include <memory>
#include <optional>
#include <string>

#include "admin/admin_backend.hpp"
#include "admin/bearer_token.hpp"
#include "config/settings.hpp"

namespace govsync::host {

inline constexpr std::size_t kMaxAdminBody = 64 * 1024;

class AdminServer {
 public:
  /// Binds (without SO_REUSEPORT: a port in use is an error) and starts
  /// serving; throws Poco::Exception when the address cannot be bound.
  AdminServer(const AdminSettings& settings, std::optional<BearerToken> token, AdminBackend& backend);
  /// Stops accepting, closes every connection, and waits for the handlers.
  ~AdminServer();
  AdminServer(const AdminServer&) = delete;
  AdminServer& operator=(const AdminServer&) = delete;

  /// The port it listens on (the one chosen when [admin] listen asked for 0).
  int port() const;

 private:
  class EventLoop;
  std::unique_ptr<EventLoop> loop_;
};

}  // namespace govsync::host
