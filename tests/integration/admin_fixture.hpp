#pragma once
// A real `govsync serve` with the fixture plugin and its admin API on a free
// loopback port, on each backend: the fixture of the admin API's test files.
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "backend_param.hpp"

namespace govsync::test {

using namespace std::chrono_literals;
using Poco::JSON::Object;

inline constexpr const char* kToken = "admin-token-0123456789abcdef";
inline const std::string kBearer = std::string("Bearer ") + kToken;

inline Object::Ptr parse_object(const std::string& text) {
  return Poco::JSON::Parser().parse(text).extract<Object::Ptr>();
}

// The port the daemon logged when its admin API started listening.
inline std::string admin_section(const TempDir& dir) {
  write_file(dir / "admin-token", std::string(kToken) + "\n");
  std::filesystem::permissions(dir / "admin-token",
                               std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  return "[admin]\nlisten = 127.0.0.1:0\ntoken_file = " + (dir / "admin-token").string() + "\n";
}

class AdminApi : public OnEachBackend {
 protected:
  // Starts the daemon with the fixture plugin and the admin API; waits for its port.
  void start_daemon(const std::string& domain_keys) {
    const auto file = write_config(dir_, db_.url(), plugin_dir_with(dir_, {"fixture_policy.so"}), 2,
                                   admin_section(dir_) +
                                       "[scheduler]\nheartbeat = 1s\nstagger = 0s\n"
                                       "[domain.fixture_policy]\nenabled = true\ninterval = 1h\n" +
                                       domain_keys);
    daemon_ = std::make_unique<DaemonProcess>(file, dir_ / "serve.log");
    ASSERT_TRUE(eventually([&] { return (port_ = admin_port(read_file(dir_ / "serve.log"))) > 0; }, 10s))
        << read_file(dir_ / "serve.log");
  }
  HttpAnswer get(const std::string& target, const std::string& authorization = kBearer) {
    return remember(http_request(port_, "GET", target, authorization));
  }
  HttpAnswer post(const std::string& target, const std::string& body, const std::string& authorization = kBearer) {
    return remember(http_request(port_, "POST", target, authorization, body));
  }
  HttpAnswer remember(HttpAnswer answer) {
    answers_ += answer.body;
    return answer;
  }
  std::int64_t finished_runs() {
    return db_.count("SELECT COUNT(*) FROM sync_runs WHERE status IN ('succeeded', 'failed')");
  }

  TestDatabase db_{GetParam()};
  TempDir dir_;
  std::unique_ptr<DaemonProcess> daemon_;
  int port_ = 0;
  std::string answers_;  // every body received, to look for secrets
};

}  // namespace govsync::test
