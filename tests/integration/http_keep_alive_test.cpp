// Connection reuse in the Azure access layer: requests to one API share kept
// connections (checked by the emulator, which records each request's
// connection), and a kept connection the server closed is replaced without
// the caller noticing.
#include <Poco/JSON/Parser.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/StreamSocket.h>
#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "azure/http_connection_pool.hpp"
#include "azure/http_exchange.hpp"
#include "test_support.hpp"

namespace govsync::test {
namespace {

constexpr const char* kDirectory = "aaaaaaaa-0000-0000-0000-00000000000a";
constexpr const char* kClient = "cccccccc-0000-0000-0000-00000000000c";

std::string scenario() {
  return std::string(R"({"seed": 3, "tenants": [{"directory_id": ")") + kDirectory + R"(", "client_id": ")" + kClient +
         R"(", "client_secret": "s3cret", "subscriptions": 1}]})";
}

// The distinct connections the emulator saw requests on.
std::set<std::string> connections(const EmulatorProcess& emulator) {
  const auto json = Poco::JSON::Parser().parse(emulator.requests_json()).extract<Poco::JSON::Object::Ptr>();
  std::set<std::string> clients;
  for (const auto& entry : *json->getArray("requests"))
    clients.insert(entry.extract<Poco::JSON::Object::Ptr>()->getValue<std::string>("client"));
  return clients;
}

TEST(HttpKeepAlive, SequentialRequestsShareOneConnection) {
  EmulatorProcess emulator(scenario());
  TempDir dir;
  host::TokenCache tokens;
  auto client = emulator_client(emulator, dir, kDirectory, kClient, "s3cret", tokens);
  for (int i = 0; i < 10; ++i) client->get(AzureApi::management, "/subscriptions?api-version=2022-12-01");
  EXPECT_EQ(emulator.request_count("/subscriptions"), 10U);
  EXPECT_EQ(connections(emulator).size(), 1U) << emulator.requests_json();
}

TEST(HttpKeepAlive, ConcurrentRequestsOpenNoMoreConnectionsThanRequestsInFlight) {
  EmulatorProcess emulator(scenario());
  TempDir dir;
  host::TokenCache tokens;
  auto client = emulator_client(emulator, dir, kDirectory, kClient, "s3cret", tokens);
  client->get(AzureApi::management, "/subscriptions?api-version=2022-12-01");  // the token, once
  std::vector<std::jthread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 10; ++i) client->get(AzureApi::management, "/subscriptions?api-version=2022-12-01");
    });
  }
  threads.clear();
  EXPECT_EQ(emulator.request_count("/subscriptions"), 41U);
  EXPECT_LE(connections(emulator).size(), 4U) << emulator.requests_json();
}

// A server that answers one request per connection and then closes it
// without saying so (no "Connection: close"), as a server does whose idle
// timeout ended while the client kept the connection.
class ClosingServer {
 public:
  ClosingServer() : socket_(Poco::Net::SocketAddress("127.0.0.1", 0)) {
    thread_ = std::jthread([this](const std::stop_token& stop) {
      while (!stop.stop_requested()) {
        if (!socket_.poll(Poco::Timespan(0, 50000), Poco::Net::Socket::SELECT_READ)) continue;
        Poco::Net::StreamSocket connection = socket_.acceptConnection();
        std::string request;
        char buffer[4096];
        while (request.find("\r\n\r\n") == std::string::npos) {
          const int n = connection.receiveBytes(buffer, sizeof buffer);
          if (n <= 0) break;
          request.append(buffer, static_cast<std::size_t>(n));
        }
        const std::string response =
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{\"ok\":true}";
        connection.sendBytes(response.data(), static_cast<int>(response.size()));
        connection.close();
        ++answered_;
      }
    });
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(socket_.address().port()) + "/"; }
  int answered() const { return answered_.load(); }

 private:
  Poco::Net::ServerSocket socket_;
  std::atomic<int> answered_{0};
  std::jthread thread_;
};

TEST(HttpKeepAlive, AKeptConnectionTheServerClosedIsReplacedWithoutAnError) {
  ClosingServer server;
  host::HttpRequest request;
  request.uri = Poco::URI(server.url());
  const auto opened_before = host::HttpConnectionPool::shared().opened();
  for (int i = 0; i < 3; ++i) {
    const auto response = host::http_exchange(request, std::chrono::seconds(5), false);
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(response.body, "{\"ok\":true}");
    std::this_thread::sleep_for(std::chrono::milliseconds(100));  // the server's close arrives
  }
  EXPECT_EQ(server.answered(), 3);
  EXPECT_EQ(host::HttpConnectionPool::shared().opened() - opened_before, 3U);
}

TEST(HttpKeepAlive, ThePoolKeepsAtMostItsLimitOfIdleConnectionsPerOrigin) {
  host::HttpConnectionPool pool(2, std::chrono::seconds(30));
  const Poco::URI uri("http://127.0.0.1:9/");
  bool reused = true;
  std::vector<std::unique_ptr<Poco::Net::HTTPClientSession>> sessions;
  for (int i = 0; i < 3; ++i) sessions.push_back(pool.take(uri, reused));
  EXPECT_FALSE(reused);
  for (auto& session : sessions) pool.give_back(uri, std::move(session));
  EXPECT_EQ(pool.idle(), 2U);
  pool.take(uri, reused);
  EXPECT_TRUE(reused);
  EXPECT_EQ(pool.opened(), 3U);
  EXPECT_THROW(pool.take(Poco::URI("ftp://127.0.0.1/"), reused), std::invalid_argument);
}

}  // namespace
}  // namespace govsync::test
