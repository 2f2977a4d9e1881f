#include "runs/ghost_reaper.hpp"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Statement.h>
#include <Poco/Environment.h>
#include <signal.h>

#include <cerrno>

#include "config/duration.hpp"
#include "db/bound_statement.hpp"

namespace govsync::host {
namespace {

using Poco::Data::Keywords::now;

struct Candidate {
  std::int64_t id = 0;
  std::string owner;
  std::string status;
};

// Runs in `statuses` (a SQL list such as 'running') that match the condition.
std::vector<Candidate> unfinished_runs(Database& db, const std::string& statuses, const std::string& extra_condition) {
  auto lease = db.lease();
  Poco::Data::Statement select(lease.session());
  select << "SELECT id, owner, status FROM sync_runs WHERE status IN (" + statuses + ")" + extra_condition, now;
  Poco::Data::RecordSet rows(select);
  std::vector<Candidate> candidates;
  for (std::size_t i = 0; i < rows.rowCount(); ++i) {
    candidates.push_back({rows.value(0, i).convert<Poco::Int64>(), rows.value(1, i).convert<std::string>(),
                          rows.value(2, i).convert<std::string>()});
  }
  return candidates;
}

// Compare-and-set on (id, status, owner): a run that moved on meanwhile is left alone.
bool fail_run(Database& db, const Candidate& run, const std::string& error) {
  auto lease = db.lease();
  try {
    const std::string sql =
        "UPDATE sync_runs SET status = 'failed', finished_at = " + std::string(sql_now(db.dialect())) +
        ", error = $1 WHERE id = $2 AND status = $3 AND owner = $4";
    return execute_bound(lease.session(), sql, {Value{error}, Value{run.id}, Value{run.status}, Value{run.owner}}) == 1;
  } catch (...) {
    lease.discard();
    throw;
  }
}

std::string stale_condition(Dialect dialect, std::chrono::seconds ghost_after) {
  const auto seconds = std::to_string(ghost_after.count());
  if (dialect == Dialect::sqlite) {
    return " AND (heartbeat_at IS NULL OR heartbeat_at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-" + seconds +
           " seconds'))";
  }
  return " AND (heartbeat_at IS NULL OR heartbeat_at < now() - interval '" + seconds + " seconds')";
}

}  // namespace

OwnerIdentity parse_owner(const std::string& owner) {
  const auto last = owner.rfind(':');
  if (last == std::string::npos || last == 0) return {owner, 0};
  const auto middle = owner.rfind(':', last - 1);
  if (middle == std::string::npos) return {owner, 0};
  OwnerIdentity identity{owner.substr(0, middle), 0};
  try {
    identity.pid = std::stol(owner.substr(middle + 1, last - middle - 1));
  } catch (...) {
    identity.pid = 0;
  }
  return identity;
}

bool owner_alive_here(const std::string& owner) {
  const auto identity = parse_owner(owner);
  if (identity.host != Poco::Environment::nodeName() || identity.pid <= 0) return false;
  return ::kill(static_cast<pid_t>(identity.pid), 0) == 0 || errno == EPERM;
}

std::vector<std::int64_t> reap_dead_predecessors(Database& db, const std::string& self) {
  std::vector<std::int64_t> reaped;
  const auto here = Poco::Environment::nodeName();
  for (const auto& run : unfinished_runs(db, "'running', 'queued'", "")) {
    if (run.owner == self || parse_owner(run.owner).host != here || owner_alive_here(run.owner)) continue;
    const auto error = run.status == "queued"
                           ? "not started: owner " + run.owner + ", which queued it, is gone"
                           : "ghost: owner " + run.owner + " is gone (found at start of " + self + ")";
    if (fail_run(db, run, error)) {
      reaped.push_back(run.id);
    }
  }
  return reaped;
}

std::vector<std::int64_t> reap_stale_runs(Database& db, const std::string& self, std::chrono::seconds ghost_after,
                                          bool cluster) {
  std::vector<std::int64_t> reaped;
  const auto hosts = cluster ? std::string(" AND owner NOT IN (SELECT instance_id FROM cluster_hosts)") : std::string();
  for (const auto& run : unfinished_runs(db, "'running'", stale_condition(db.dialect(), ghost_after) + hosts)) {
    if (run.owner == self || owner_alive_here(run.owner)) continue;
    if (fail_run(db, run,
                 "ghost: no heartbeat from owner " + run.owner + " for more than " + format_duration(ghost_after) +
                     " (ghost_after)")) {
      reaped.push_back(run.id);
    }
  }
  return reaped;
}

}  // namespace govsync::host
