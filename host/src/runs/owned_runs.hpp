#pragma once
// The rows of sync_runs this process owns: which runs are in flight (the only
// ones the housekeeper heartbeats), and the ends of runs not yet recorded
// because the database did not answer (kept and retried until they are).

#include <cstdint>
#include <functional>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "runs/run_ledger.hpp"

namespace govsync::host {

/// The end of a run, to be written to its row.
struct RunEnd {
  std::int64_t run_id = 0;
  RunStatus status = RunStatus::failed;
  RunCounts counts;
  std::string error;
};

class OwnedRuns {
 public:
  explicit OwnedRuns(std::string owner) : owner_(std::move(owner)) {}
  OwnedRuns(const OwnedRuns&) = delete;
  OwnedRuns& operator=(const OwnedRuns&) = delete;

  /// This process in sync_runs.owner.
  const std::string& owner() const { return owner_; }

  /// The run's row is open and its run in flight: heartbeat it.
  void started(std::int64_t run_id);
  /// The run is over (or given up on): heartbeat it no more.
  void stopped(std::int64_t run_id);
  std::vector<std::int64_t> in_flight() const;

  /// Records the end of a run later: it is no longer in flight, and the
  /// housekeeper writes `end` until the database takes it.
  void record_later(RunEnd end);
  /// The ends waiting to be written (taken out; give back what failed).
  std::vector<RunEnd> take_unrecorded();
  void give_back(std::vector<RunEnd> ends);
  std::size_t unrecorded() const;
  /// Called (outside the lock) whenever an end is left to record: wakes the housekeeper.
  void on_unrecorded(std::function<void()> wake);

 private:
  void keep_unrecorded(RunEnd end);  // under mutex_

  std::string owner_;
  mutable std::mutex mutex_;
  std::set<std::int64_t> in_flight_;
  std::vector<RunEnd> unrecorded_;
  std::function<void()> wake_;
};

}  // namespace govsync::host
