#include "runs/run_history.hpp"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Statement.h>

namespace govsync::host {
namespace {

using Poco::Data::Keywords::now;

std::string age_seconds_sql(Dialect dialect, const std::string& column) {
  if (dialect == Dialect::sqlite) return "((julianday('now') - julianday(" + column + ")) * 86400.0)";
  return "EXTRACT(EPOCH FROM (now() - " + column + "))::float8";
}

}  // namespace

std::map<SlotId, WallTime> last_successes(Database& db, WallTime now_time) {
  auto lease = db.lease();
  Poco::Data::Statement select(lease.session());
  select << "SELECT domain, tenant_id, MIN(" + age_seconds_sql(db.dialect(), "started_at") +
                ") FROM sync_runs WHERE status = 'succeeded' GROUP BY domain, tenant_id",
      now;
  Poco::Data::RecordSet rows(select);
  std::map<SlotId, WallTime> successes;
  for (std::size_t i = 0; i < rows.rowCount(); ++i) {
    const auto age = std::chrono::duration<double>(rows.value(2, i).convert<double>());
    successes[{rows.value(0, i).convert<std::string>(), rows.value(1, i).convert<std::string>()}] =
        now_time - std::chrono::duration_cast<WallClock::duration>(age);
  }
  return successes;
}

std::vector<LastRun> last_runs(Database& db) {
  auto lease = db.lease();
  Poco::Data::Statement select(lease.session());
  select
      << "SELECT r.id, r.domain, r.tenant_id, r.status, r.trigger, r.attempt, r.owner, " +
             age_seconds_sql(db.dialect(), "r.started_at") +
             ", r.rows_written, r.truncations, COALESCE(r.error, ''), " +
             age_seconds_sql(db.dialect(), "r.finished_at") +
             " FROM sync_runs r "
             "WHERE r.id = (SELECT MAX(s.id) FROM sync_runs s WHERE s.domain = r.domain AND s.tenant_id = r.tenant_id) "
             "ORDER BY r.domain, r.tenant_id",
      now;
  Poco::Data::RecordSet rows(select);
  std::vector<LastRun> runs;
  for (std::size_t i = 0; i < rows.rowCount(); ++i) {
    LastRun run;
    run.id = rows.value(0, i).convert<Poco::Int64>();
    run.domain = rows.value(1, i).convert<std::string>();
    run.tenant = rows.value(2, i).convert<std::string>();
    run.status = rows.value(3, i).convert<std::string>();
    run.trigger = rows.value(4, i).convert<std::string>();
    run.attempt = rows.value(5, i).convert<int>();
    run.owner = rows.value(6, i).convert<std::string>();
    run.age_seconds = rows.isNull(7, i) ? 0.0 : rows.value(7, i).convert<double>();
    run.rows_written = rows.value(8, i).convert<Poco::Int64>();
    run.truncations = rows.value(9, i).convert<Poco::Int64>();
    run.error = rows.value(10, i).convert<std::string>();
    if (!rows.isNull(11, i)) run.finished_age_seconds = rows.value(11, i).convert<double>();
    runs.push_back(std::move(run));
  }
  return runs;
}

std::int64_t ghosts_reaped(Database& db) {
  auto lease = db.lease();
  Poco::Int64 count = 0;
  lease.session() << "SELECT COUNT(*) FROM sync_runs WHERE status = 'failed' AND error LIKE 'ghost:%'",
      Poco::Data::Keywords::into(count), now;
  return count;
}

}  // namespace govsync::host
