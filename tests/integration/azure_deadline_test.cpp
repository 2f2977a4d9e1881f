// One deadline per Azure request: a server that drips its answer (each byte
// well within the socket timeout) cannot hold a run longer than
// [azure] request_timeout, and an answer over the size cap is refused.
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <thread>

#include "azure_client_fixture.hpp"

namespace govsync::test {
namespace {

// A loopback HTTP server that answers every request with a 200 whose JSON
// body (and, with `drip_head`, its status line and headers too) it sends one
// byte every `pace`, until stopped.
class DrippingServer {
 public:
  explicit DrippingServer(std::chrono::milliseconds pace, bool drip_head = false) : pace_(pace), drip_head_(drip_head) {
    listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (::bind(listener_, reinterpret_cast<sockaddr*>(&address), length) != 0 || ::listen(listener_, 4) != 0 ||
        ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
      throw std::runtime_error("cannot listen on loopback");
    }
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  ~DrippingServer() {
    stop_ = true;
    ::shutdown(listener_, SHUT_RDWR);
    ::close(listener_);
    thread_.join();
  }
  DrippingServer(const DrippingServer&) = delete;
  DrippingServer& operator=(const DrippingServer&) = delete;
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  void serve() {
    const int client = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
    if (client < 0) return;
    std::string request;
    char buffer[4096];
    while (request.find("\r\n\r\n") == std::string::npos) {
      const auto got = ::recv(client, buffer, sizeof buffer, 0);
      if (got <= 0) break;
      request.append(buffer, static_cast<std::size_t>(got));
    }
    const std::string body = R"({"value": [], "padding": ")" + std::string(100, 'x') + "\"}";
    const std::string head =
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
        "\r\n\r\n";
    if (!drip_head_) ::send(client, head.data(), head.size(), MSG_NOSIGNAL);
    for (const char byte : drip_head_ ? head + body : body) {
      if (stop_ || ::send(client, &byte, 1, MSG_NOSIGNAL) != 1) break;
      std::this_thread::sleep_for(pace_);
    }
    ::close(client);
  }

  std::chrono::milliseconds pace_;
  bool drip_head_ = false;
  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

TEST_F(AzureClientTest, AnAnswerDrippedSlowerThanTheRequestTimeoutIsATimeout) {
  // 130 bytes at 50 ms each take 6.5 s; every byte comes well within the 1 s timeout.
  const DrippingServer server(50ms);
  start("", [&](host::AzureSettings& s) {
    s.management = server.base_url();
    s.request_timeout = 1s;
    s.max_attempts = 1;
  });
  auto azure = client();
  const auto started = std::chrono::steady_clock::now();
  try {
    azure->get(AzureApi::management, "/subscriptions?api-version=2022-12-01");
    FAIL() << "a dripped answer was read whole";
  } catch (const AzureError& e) {
    EXPECT_EQ(e.kind(), AzureErrorKind::timeout) << e.what();
  }
  EXPECT_LT(std::chrono::steady_clock::now() - started, 2500ms) << "the request outlived its 1 s deadline";
}

TEST_F(AzureClientTest, AnAnswerWhoseHeadersAreDrippedIsATimeoutToo) {
  // The status line and headers alone are about 90 bytes: 4.5 s at 50 ms each.
  const DrippingServer server(50ms, true);
  start("", [&](host::AzureSettings& s) {
    s.management = server.base_url();
    s.request_timeout = 1s;
    s.max_attempts = 1;
  });
  auto azure = client();
  const auto started = std::chrono::steady_clock::now();
  try {
    azure->get(AzureApi::management, "/subscriptions?api-version=2022-12-01");
    FAIL() << "an answer with dripped headers was read whole";
  } catch (const AzureError& e) {
    EXPECT_EQ(e.kind(), AzureErrorKind::timeout) << e.what();
  }
  EXPECT_LT(std::chrono::steady_clock::now() - started, 2500ms) << "the request outlived its 1 s deadline";
}

}  // namespace
}  // namespace govsync::test
