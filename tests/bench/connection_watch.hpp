#pragma once
// Counts a PostgreSQL server's connections with one application_name, every
// few milliseconds on a thread of its own, and keeps the most seen at once.

#include <atomic>
#include <string>
#include <thread>

namespace govsync::bench {

class ConnectionWatch {
 public:
  /// Starts watching through `conninfo` for connections named `application_name`.
  ConnectionWatch(const std::string& conninfo, std::string application_name);
  ~ConnectionWatch();
  ConnectionWatch(const ConnectionWatch&) = delete;
  ConnectionWatch& operator=(const ConnectionWatch&) = delete;

  /// Stops watching; the most connections seen at once.
  int stop();

 private:
  std::atomic<bool> stop_{false};
  std::atomic<int> peak_{0};
  std::jthread thread_;
};

}  // namespace govsync::bench
