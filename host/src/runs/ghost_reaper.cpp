#include "runs/ghost_reaper.hpp"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Statement.h>
#include <Poco/Environment.h>
#include <signal.h>

#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <optional>

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

// Owner starts above this are nanoseconds (this is 2001-09-09 in seconds).
constexpr long long kNanosecondOwnersAfter = 1000000000000LL;
// /proc gives a process's start in clock ticks after a boot time in whole seconds.
constexpr auto kStartTolerance = std::chrono::seconds(2);

// The first line of a small /proc file; empty when it cannot be read.
std::string proc_line(const std::string& path, const std::string& prefix = "") {
  std::ifstream file(path);
  for (std::string line; std::getline(file, line);) {
    if (line.rfind(prefix, 0) == 0) return line.substr(prefix.size());
  }
  return {};
}

// When process `pid` started, in seconds since the epoch, from /proc; nothing when unreadable.
std::optional<std::chrono::seconds> process_start(long pid) {
  const auto stat = proc_line("/proc/" + std::to_string(pid) + "/stat");
  const auto name_end = stat.rfind(')');
  if (name_end == std::string::npos) return std::nullopt;
  // After "pid (comm) " come fields 3 (state) onwards; field 22 is the start in ticks after boot.
  std::size_t begin = name_end + 2;
  for (int field = 3; field < 22; ++field) {
    begin = stat.find(' ', begin);
    if (begin == std::string::npos) return std::nullopt;
    ++begin;
  }
  const auto boot = proc_line("/proc/stat", "btime ");
  const long per_second = ::sysconf(_SC_CLK_TCK);
  if (boot.empty() || per_second <= 0) return std::nullopt;
  try {
    const auto ticks = std::stoull(stat.substr(begin, stat.find(' ', begin) - begin));
    return std::chrono::seconds(std::stoll(boot) +
                                static_cast<long long>(ticks / static_cast<unsigned long long>(per_second)));
  } catch (...) {
    return std::nullopt;
  }
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
    return identity;
  }
  try {
    // START is in nanoseconds (START.TAG); owners written before were in seconds.
    const auto start = std::stoll(owner.substr(last + 1));
    identity.started = std::chrono::seconds(start > kNanosecondOwnersAfter ? start / 1000000000 : start);
  } catch (...) {  // NOLINT(bugprone-empty-catch): the start stays unknown
  }
  return identity;
}

bool owner_alive_here(const std::string& owner, const std::string& self) {
  const auto identity = parse_owner(owner);
  if (identity.host != Poco::Environment::nodeName() || identity.pid <= 0) return false;
  // Our own PID under another owner: a predecessor whose PID we were given
  // again (PID 1 in a restarted container).
  if (owner != self && identity.pid == static_cast<long>(::getpid())) return false;
  if (::kill(static_cast<pid_t>(identity.pid), 0) != 0 && errno != EPERM) return false;
  // A live process with that PID is the owner only if it started when the owner did.
  const auto started = process_start(identity.pid);
  if (!started || identity.started.count() == 0) return true;  // cannot tell: assume alive
  return std::chrono::abs(*started - identity.started) <= kStartTolerance;
}

std::vector<std::int64_t> reap_dead_predecessors(Database& db, const std::string& self) {
  std::vector<std::int64_t> reaped;
  const auto here = Poco::Environment::nodeName();
  for (const auto& run : unfinished_runs(db, "'running', 'queued'", "")) {
    if (run.owner == self || parse_owner(run.owner).host != here || owner_alive_here(run.owner, self)) continue;
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
    if (run.owner == self || owner_alive_here(run.owner, self)) continue;
    if (fail_run(db, run,
                 "ghost: no heartbeat from owner " + run.owner + " for more than " + format_duration(ghost_after) +
                     " (ghost_after)")) {
      reaped.push_back(run.id);
    }
  }
  return reaped;
}

}  // namespace govsync::host
