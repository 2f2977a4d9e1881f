#pragma once
// The sync_runs ledger: one row per (domain, tenant) run.

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include "db/database.hpp"

namespace govsync::host {

enum class RunStatus { queued, running, succeeded, failed };
std::string_view status_name(RunStatus status);

struct RunCounts {
  std::uint64_t rows_written = 0;
  std::uint64_t rows_deleted = 0;
  std::uint64_t truncations = 0;
  /// Rows that repeated a key the run had written already (the later row was
  /// kept); logged and reported, not stored in sync_runs.
  std::uint64_t duplicate_keys = 0;
};

/// The identity of this process in sync_runs.owner:
/// hostname:pid:START.TAG, START the process's start in nanoseconds since the
/// epoch and TAG 8 random hex digits.
std::string this_instance_owner();

/// A run of the (domain, tenant) is running already (a cluster peer's, or
/// `govsync run` beside `serve`): this one was not started. The database
/// allows one running run per pair (unique index sync_runs_one_running).
class RunningElsewhere : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class RunLedger {
 public:
  explicit RunLedger(Database& db) : db_(db) {}
  /// Records a run as running, owned by owner; returns the run's id. The
  /// tenant is in `tenants` already (register_tenants). Throws
  /// RunningElsewhere when a run of the pair is running, Poco::Exception
  /// when the database fails.
  std::int64_t open(const std::string& domain, const std::string& tenant, std::string_view trigger, int attempt,
                    const std::string& owner);
  /// Records a run asked for now (POST /api/v1/runs) as queued under owner,
  /// with trigger `manual`; returns its id. Throws Poco::Exception.
  std::int64_t enqueue(const std::string& domain, const std::string& tenant, const std::string& owner);
  /// Starts a queued run of this owner: running from now. False when it is no
  /// longer queued. Throws RunningElsewhere, leaving it queued, when another
  /// run of its pair is running.
  bool start_queued(std::int64_t id, const std::string& owner);
  /// Fails a queued run of this owner that will not start, with the reason as its error.
  bool drop_queued(std::int64_t id, const std::string& owner, const std::string& reason);
  /// Records the run as succeeded inside the run's own transaction, just
  /// before it commits, so its rows and its success are stored together or
  /// not at all. False when the run is no longer running under this owner (a
  /// peer reaped it, the watchdog timed it out): the caller must roll back.
  bool succeed_within(Poco::Data::Session& session, std::int64_t id, const std::string& owner, const RunCounts& counts);
  /// Records how the run ended; only a run still running under this owner is changed.
  /// Returns false when it was not (another process failed it meanwhile).
  bool close(std::int64_t id, const std::string& owner, RunStatus status, const RunCounts& counts,
             const std::string& error);

 private:
  Database& db_;
};

}  // namespace govsync::host
