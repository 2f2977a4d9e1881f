#include "cluster/cluster_membership.hpp"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Statement.h>
#include <Poco/Environment.h>
#include <Poco/Process.h>

#include <map>
#include <utility>

#include "config/duration.hpp"

namespace govsync::host {
namespace {

using Poco::Data::Keywords::bind;
using Poco::Data::Keywords::now;

}  // namespace

void check_in(Database& db, const std::string& instance) {
  in_transaction(db, [&](Poco::Data::Session& session) -> std::size_t {
    session << "INSERT INTO cluster_hosts (instance_id, hostname, pid, started_at, checked_in_at) "
               "VALUES ($1, $2, $3, now(), now()) "
               "ON CONFLICT (instance_id) DO UPDATE SET checked_in_at = now()",
        bind(instance), bind(Poco::Environment::nodeName()), bind(static_cast<int>(Poco::Process::id())), now;
    return 1;
  });
}

void check_out(Database& db, const std::string& instance) {
  in_transaction(db, [&](Poco::Data::Session& session) -> std::size_t {
    session << "DELETE FROM cluster_hosts WHERE instance_id = $1", bind(instance), now;
    return 1;
  });
}

std::vector<RecoveredSlot> reap_dead_hosts(Database& db, const std::string& self, std::chrono::seconds ghost_after) {
  std::vector<RecoveredSlot> failed;
  std::map<std::pair<std::string, std::string>, std::int64_t> failed_runs;  // (domain, tenant) -> run
  in_transaction(db, [&](Poco::Data::Session& session) -> std::size_t {
    const auto seconds = static_cast<Poco::Int64>(ghost_after.count());
    Poco::Data::Statement dead(session);
    dead << "DELETE FROM cluster_hosts WHERE instance_id <> $1 "
            "AND checked_in_at < now() - make_interval(secs => $2) RETURNING instance_id",
        bind(self), bind(seconds), now;
    Poco::Data::RecordSet hosts(dead);
    for (std::size_t i = 0; i < hosts.rowCount(); ++i) {
      const auto host = hosts.value(0, i).convert<std::string>();
      const auto error = "ghost: host " + host + " stopped checking in for more than " + format_duration(ghost_after) +
                         " (ghost_after)";
      Poco::Data::Statement fail(session);
      // Its queued runs too: nobody else would ever start them.
      fail << "UPDATE sync_runs SET status = 'failed', finished_at = now(), error = $1 "
              "WHERE owner = $2 AND status IN ('running', 'queued') RETURNING id, domain, tenant_id",
          bind(error), bind(host), now;
      Poco::Data::RecordSet runs(fail);
      for (std::size_t r = 0; r < runs.rowCount(); ++r) {
        failed_runs[{runs.value(1, r).convert<std::string>(), runs.value(2, r).convert<std::string>()}] =
            runs.value(0, r).convert<Poco::Int64>();
      }
      // Its claims that never got a finished run: running when it died, or not started yet.
      Poco::Data::Statement orphaned(session);
      orphaned << "SELECT domain, tenant_id, MAX(window_start) FROM run_claims WHERE host = $1 AND run_id IS NULL "
                  "GROUP BY domain, tenant_id",
          bind(host), now;
      Poco::Data::RecordSet claims(orphaned);
      for (std::size_t c = 0; c < claims.rowCount(); ++c) {
        RecoveredSlot slot{0, claims.value(0, c).convert<std::string>(), claims.value(1, c).convert<std::string>(),
                           claims.value(2, c).convert<Poco::Int64>()};
        if (const auto it = failed_runs.find({slot.domain, slot.tenant}); it != failed_runs.end()) {
          slot.run_id = it->second;
        }
        failed.push_back(std::move(slot));
      }
    }
    return failed.size();
  });
  return failed;
}

}  // namespace govsync::host
