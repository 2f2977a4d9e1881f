// The admin server under misuse: a second daemon on its port, and requests
// that announce no body. The real daemon on SQLite.
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <gtest/gtest.h>

#include <Poco/Net/NetException.h>

#include <csignal>
#include <thread>

#include "test_support.hpp"

namespace govsync::test {
namespace {

using namespace std::chrono_literals;

class AdminAbuse : public ::testing::Test {
 protected:
  std::filesystem::path config(const TempDir& dir, const TestDatabase& db, const std::string& listen) {
    return write_config(dir, db.url(), plugin_dir_with(dir, {"fixture_policy.so"}), 1,
                        "[admin]\nlisten = " + listen +
                            "\n[scheduler]\nheartbeat = 1s\n[domain.fixture_policy]\nenabled = true\ninterval = 1h\n");
  }
  void start_first() {
    daemon_ = std::make_unique<DaemonProcess>(config(dir_, db_, "127.0.0.1:0"), dir_ / "serve.log");
    ASSERT_TRUE(eventually([&] { return (port_ = admin_port(read_file(dir_ / "serve.log"))) > 0; }, 15s))
        << read_file(dir_ / "serve.log");
  }

  TestDatabase db_{Backend::sqlite};
  TempDir dir_;
  std::unique_ptr<DaemonProcess> daemon_;
  int port_ = 0;
};

// With SO_REUSEPORT the kernel once split requests between two daemons.
TEST_F(AdminAbuse, ASecondDaemonOnTheSamePortRefusesToStart) {
  start_first();
  TempDir other_dir;
  TestDatabase other_db(Backend::sqlite);
  DaemonProcess second(config(other_dir, other_db, "127.0.0.1:" + std::to_string(port_)), other_dir / "serve.log");
  const auto exit_code = second.wait_exit(10s);
  ASSERT_TRUE(exit_code.has_value()) << "a second daemon serves the same admin port\n"
                                     << read_file(other_dir / "serve.log");
  EXPECT_EQ(*exit_code, 78);
  EXPECT_NE(
      read_file(other_dir / "serve.log").find("[admin] listen: cannot listen on 127.0.0.1:" + std::to_string(port_)),
      std::string::npos)
      << read_file(other_dir / "serve.log");
  EXPECT_EQ(http_request(port_, "GET", "/healthz").status, 200);
  daemon_->signal(SIGTERM);
  EXPECT_EQ(daemon_->wait_exit(10s), 0);
}

// A request that announces no body has none: it is answered at once, not
// after waiting for the client to close (a PUT once got its 405 after 10 s).
TEST_F(AdminAbuse, RequestsWithoutABodyAreAnsweredAtOnce) {
  start_first();
  for (const std::string request :
       {"PUT /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", "POST /api/v1/runs HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
        "POST /api/v1/runs HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100000\r\n\r\n"}) {
    Poco::Net::StreamSocket socket(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(port_)));
    socket.setReceiveTimeout(Poco::Timespan(15, 0));
    const auto sent = std::chrono::steady_clock::now();
    socket.sendBytes(request.data(), static_cast<int>(request.size()));
    std::string answer;
    char buffer[4096];
    while (answer.find("\r\n\r\n") == std::string::npos) {
      const int got = socket.receiveBytes(buffer, sizeof buffer);
      if (got <= 0) break;
      answer.append(buffer, static_cast<std::size_t>(got));
    }
    const auto took = std::chrono::steady_clock::now() - sent;
    EXPECT_LE(took, 1s) << request;
    // A PUT is refused by method; a POST to /api/ without the token (and, for
    // the last, without its announced body ever being read) by the token.
    EXPECT_EQ(answer.substr(0, 12), request.rfind("PUT", 0) == 0 ? "HTTP/1.1 405" : "HTTP/1.1 401") << answer;
  }
  daemon_->signal(SIGTERM);
  EXPECT_EQ(daemon_->wait_exit(10s), 0);
}

// 40 slowloris clients (a request head trickling in a byte at a time) cost
// the server descriptors, not threads: /healthz and /metrics still answer at
// once, and each slow client is cut off at the request deadline.
TEST_F(AdminAbuse, FortySlowClientsDoNotDelayHealthz) {
  start_first();
  std::vector<std::unique_ptr<Poco::Net::StreamSocket>> slow;
  for (int i = 0; i < 40; ++i) {
    slow.push_back(std::make_unique<Poco::Net::StreamSocket>(
        Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(port_))));
    const std::string start = "GET /api/v1/runs HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    slow.back()->sendBytes(start.data(), static_cast<int>(start.size()));
  }
  const auto began = std::chrono::steady_clock::now();
  int cut_off = 0;
  for (int round = 0; round < 8; ++round) {
    for (auto& socket : slow) {  // one more header byte each, never the end of the head
      try {
        socket->sendBytes("X", 1);
      } catch (const Poco::Exception&) {
        ++cut_off;
      }
    }
    for (const auto* target : {"/healthz", "/metrics"}) {
      const auto sent = std::chrono::steady_clock::now();
      EXPECT_EQ(http_request(port_, "GET", target).status, 200) << target;
      EXPECT_LE(std::chrono::steady_clock::now() - sent, 1s) << target << " waited behind slow clients";
    }
    std::this_thread::sleep_for(1s);
  }
  EXPECT_GE(std::chrono::steady_clock::now() - began, 7s);
  // Past the 5 s request deadline the slow clients were closed: a read ends at once.
  int closed = 0;
  for (auto& socket : slow) {
    socket->setReceiveTimeout(Poco::Timespan(1, 0));
    char byte = 0;
    try {
      if (socket->receiveBytes(&byte, 1) == 0) ++closed;
    } catch (const Poco::Net::NetException&) {
      ++closed;  // reset
    } catch (const Poco::TimeoutException&) {
      break;  // still open: a failure below
    }
  }
  EXPECT_EQ(closed, 40);
  daemon_->signal(SIGTERM);
  EXPECT_EQ(daemon_->wait_exit(10s), 0);
}

// More idle connections than the server keeps: the oldest make room, so a
// probe on a new connection is still answered.
TEST_F(AdminAbuse, AFloodOfIdleConnectionsDoesNotKeepAProbeOut) {
  start_first();
  std::vector<std::unique_ptr<Poco::Net::StreamSocket>> idle;
  for (int i = 0; i < 300; ++i) {
    idle.push_back(std::make_unique<Poco::Net::StreamSocket>(
        Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(port_))));
  }
  const auto sent = std::chrono::steady_clock::now();
  EXPECT_EQ(http_request(port_, "GET", "/healthz").status, 200);
  EXPECT_LE(std::chrono::steady_clock::now() - sent, 1s);
  daemon_->signal(SIGTERM);
  EXPECT_EQ(daemon_->wait_exit(10s), 0);
}

// The answer to a HEAD request has no body, so the next answer on the same
// connection starts right after its head.
TEST_F(AdminAbuse, AHeadAnswerCarriesNoBodyOnAKeptConnection) {
  start_first();
  Poco::Net::StreamSocket socket(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(port_)));
  socket.setReceiveTimeout(Poco::Timespan(5, 0));
  const std::string requests =
      "HEAD /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\nGET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n"
      "Connection: close\r\n\r\n";
  socket.sendBytes(requests.data(), static_cast<int>(requests.size()));
  std::string answers;
  char buffer[4096];
  for (int got = 0; (got = socket.receiveBytes(buffer, sizeof buffer)) > 0;) {
    answers.append(buffer, static_cast<std::size_t>(got));
  }
  const auto first_end = answers.find("\r\n\r\n");
  ASSERT_NE(first_end, std::string::npos) << answers;
  EXPECT_EQ(answers.substr(first_end + 4, 9), "HTTP/1.1 ") << answers;
  daemon_->signal(SIGTERM);
  EXPECT_EQ(daemon_->wait_exit(10s), 0);
}

}  // namespace
}  // namespace govsync::test
