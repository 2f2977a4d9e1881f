#pragma once
// The host's own thread for liveness: heartbeats for the runs it has in
// flight, the ends of runs the database did not take when they ended
// (retried until it does), and, in the daemon, the periodic ghost reaper. It
// uses its own connection, so a busy run pool never delays a heartbeat.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "cluster/cluster_membership.hpp"
#include "db/database.hpp"
#include "runs/owned_runs.hpp"

namespace govsync::host {

struct HousekeeperOptions {
  std::chrono::seconds heartbeat{30};
  /// When set, runs of other owners whose heartbeat is older are failed.
  std::optional<std::chrono::seconds> ghost_after;
  /// Cluster mode: check in as a host every heartbeat, and declare dead the
  /// hosts that have not checked in for ghost_after.
  bool cluster = false;
  /// PostgreSQL: the longest one of its statements may take (Database::set_statement_timeout).
  std::chrono::milliseconds statement_timeout{0};
};

class Housekeeper {
 public:
  /// Told of the ghost runs each pass failed (their domain and tenant).
  using ReapedListener = std::function<void(const std::vector<RecoveredSlot>&)>;

  /// Starts the thread. Heartbeats and records the ends of `owned`'s runs.
  Housekeeper(const DatabaseUrl& url, OwnedRuns& owned, HousekeeperOptions options, ReapedListener on_reaped = {});
  ~Housekeeper();
  Housekeeper(const Housekeeper&) = delete;
  Housekeeper& operator=(const Housekeeper&) = delete;

  /// How long ago this process last reached the database (a heartbeat or
  /// check-in that succeeded).
  std::chrono::steady_clock::duration since_last_contact() const;

 private:
  void loop();
  void beat();
  /// Writes the ends of runs left unrecorded; those that fail are kept for the next pass.
  void record_ends();
  void reap();

  Database db_;
  OwnedRuns& owned_;
  HousekeeperOptions options_;
  ReapedListener on_reaped_;
  std::atomic<std::chrono::steady_clock::rep> last_contact_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace govsync::host
