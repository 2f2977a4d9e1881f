#pragma once
// How the host steers one run from outside: cancellation, and the race
// between a run that commits and a watchdog that times it out.

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>

namespace govsync::host {

class RunControl {
 public:
  /// Asks the run to stop; the first reason given is kept.
  void cancel(const std::string& reason);
  bool cancelled() const { return cancelled_.load(); }
  std::string reason() const;

  /// The run is about to commit: true unless it was expired first. After
  /// this, expire() fails, so a run is never both committed and timed out.
  bool begin_commit();
  /// The watchdog gives up on the run: true unless it is already committing.
  bool expire();
  bool expired() const { return state_.load() == kExpired; }

  /// The run's sync_runs id, once the ledger row exists (0 before).
  void set_run_id(std::int64_t id) { run_id_.store(id); }
  std::int64_t run_id() const { return run_id_.load(); }

 private:
  static constexpr int kRunning = 0;
  static constexpr int kCommitting = 1;
  static constexpr int kExpired = 2;
  std::atomic<int> state_{kRunning};
  std::atomic<bool> cancelled_{false};
  std::atomic<std::int64_t> run_id_{0};
  mutable std::mutex mutex_;
  std::string reason_;
};

}  // namespace govsync::host
