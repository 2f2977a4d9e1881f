#pragma once
// What the ledger says about past runs, for the scheduler and `govsync status`.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "schedule/schedule.hpp"

namespace govsync::host {

/// When each (domain, tenant) last started a run that succeeded, on this
/// host's clock (ages are computed by the database, so clocks need not agree).
std::map<SlotId, WallTime> last_successes(Database& db, WallTime now);

struct LastRun {
  std::int64_t id = 0;
  std::string domain;
  std::string tenant;
  std::string status;
  std::string trigger;
  int attempt = 1;
  std::string owner;
  double age_seconds = 0;                      // since it started
  std::optional<double> finished_age_seconds;  // since it ended (nothing while it runs)
  std::int64_t rows_written = 0;
  std::int64_t truncations = 0;
  std::string error;
};

/// The latest run of every (domain, tenant) in the ledger.
std::vector<LastRun> last_runs(Database& db);

/// How many runs the ghost reaper has failed, ever.
std::int64_t ghosts_reaped(Database& db);

}  // namespace govsync::host
