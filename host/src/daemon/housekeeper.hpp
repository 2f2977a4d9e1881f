#pragma once
// The host's own thread for liveness: heartbeats for its running runs and,
// in the daemon, the periodic ghost reaper. It uses its own connection, so a
// busy run pool never delays a heartbeat.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "db/database.hpp"

namespace govsync::host {

struct HousekeeperOptions {
  std::string owner;
  std::chrono::seconds heartbeat{30};
  /// When set, runs of other owners whose heartbeat is older are failed.
  std::optional<std::chrono::seconds> ghost_after;
};

class Housekeeper {
 public:
  /// Starts the thread; `on_reaped` is told how many ghosts each pass failed.
  Housekeeper(const DatabaseUrl& url, HousekeeperOptions options, std::function<void(std::size_t)> on_reaped = {});
  ~Housekeeper();
  Housekeeper(const Housekeeper&) = delete;
  Housekeeper& operator=(const Housekeeper&) = delete;

 private:
  void loop();
  void beat();
  void reap();

  Database db_;
  HousekeeperOptions options_;
  std::function<void(std::size_t)> on_reaped_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace govsync::host
