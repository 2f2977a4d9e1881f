#pragma once
// The sync_runs ledger: one row per (domain, tenant) run.

#include <cstdint>
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
};

/// The identity of this process in sync_runs.owner: hostname:pid:start-epoch.
std::string this_instance_owner();

class RunLedger {
 public:
  explicit RunLedger(Database& db) : db_(db) {}
  /// Records a run as running, owned by owner, and its tenant in `tenants`;
  /// returns the run's id. Throws Poco::Exception.
  std::int64_t open(const std::string& domain, const std::string& tenant, const std::string& directory_id,
                    std::string_view trigger, int attempt, const std::string& owner);
  /// Records how the run ended; only a run still running under this owner is changed.
  /// Returns false when it was not (another process failed it meanwhile).
  bool close(std::int64_t id, const std::string& owner, RunStatus status, const RunCounts& counts,
             const std::string& error);

 private:
  Database& db_;
};

}  // namespace govsync::host
