#pragma once
// Every request received (except /_emulator/ control routes), in arrival order.

#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

namespace govsync::emulator {

struct RequestLogEntry {
  std::string method;
  std::string path;
  std::string query;
  std::string tenant;
  std::string client;  // the connection it came on (host:port): one per connection
  int status = 0;      // 0 while the request is in progress
  std::int64_t started_ms = 0;
  std::int64_t duration_ms = 0;
};

class RequestLog {
 public:
  struct Ticket {
    std::uint64_t generation;
    std::size_t index;
  };
  Ticket begin(const std::string& method, const std::string& path, const std::string& query, std::int64_t started_ms,
               const std::string& client);
  void finish(const Ticket& ticket, const std::string& tenant, int status, std::int64_t duration_ms);
  void clear();
  std::string to_json() const;

 private:
  mutable std::mutex mutex_;
  std::uint64_t generation_ = 0;
  std::vector<RequestLogEntry> entries_;
};

}  // namespace govsync::emulator
