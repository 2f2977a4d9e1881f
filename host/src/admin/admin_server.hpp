#pragma once
// The admin HTTP server (Poco::Net) of `govsync serve`: a few threads on
// [admin] listen, request bodies limited to kMaxAdminBody bytes.

#include <cstddef>
#include <memory>
#include <optional>
#include <string>

#include "admin/admin_backend.hpp"
#include "admin/bearer_token.hpp"
#include "config/settings.hpp"

namespace Poco::Net {
class HTTPServer;
}

namespace govsync::host {

inline constexpr std::size_t kMaxAdminBody = 64 * 1024;

class AdminServer {
 public:
  /// Binds and starts serving; throws Poco::Exception when the address cannot be bound.
  AdminServer(const AdminSettings& settings, std::optional<BearerToken> token, AdminBackend& backend);
  ~AdminServer();
  AdminServer(const AdminServer&) = delete;
  AdminServer& operator=(const AdminServer&) = delete;

  /// The port it listens on (the one chosen when [admin] listen asked for 0).
  int port() const { return port_; }

 private:
  std::unique_ptr<Poco::Net::HTTPServer> server_;
  int port_ = 0;
};

}  // namespace govsync::host
