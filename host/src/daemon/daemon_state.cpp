#include "daemon/daemon_state.hpp"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Statement.h>
#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/Timestamp.h>

#include "db/bound_statement.hpp"

namespace govsync::host {
namespace {

void execute(Database& db, const std::string& sql, const std::vector<Value>& values) {
  auto lease = db.lease();
  try {
    execute_bound(lease.session(), sql, values);
  } catch (...) {
    lease.discard();
    throw;
  }
}

std::optional<std::string> optional_text(Poco::Data::RecordSet& rows, std::size_t column) {
  if (rows.value(column).isEmpty()) return std::nullopt;
  return rows.value(column).convert<std::string>();
}

}  // namespace

std::string daemon_state_now() {
  return Poco::DateTimeFormatter::format(Poco::Timestamp(), Poco::DateTimeFormat::ISO8601_FORMAT);
}

void record_daemon_start(Database& db, const DaemonState& s) {
  execute(db,
          "INSERT INTO daemon_state (hostname, pid, config_file, started_at, loaded_at, reload_refused_at, "
          "reload_error) VALUES ($1, $2, $3, $4, $4, NULL, NULL) ON CONFLICT (hostname) DO UPDATE SET "
          "pid = excluded.pid, config_file = excluded.config_file, started_at = excluded.started_at, "
          "loaded_at = excluded.loaded_at, reload_refused_at = NULL, reload_error = NULL",
          {Value{s.hostname}, Value{s.pid}, Value{s.config_file}, Value{s.started_at}});
  record_quarantines(db, s.hostname, {});
}

void record_reload_accepted(Database& db, const std::string& hostname, const std::string& when) {
  execute(db,
          "UPDATE daemon_state SET loaded_at = $1, reload_refused_at = NULL, reload_error = NULL WHERE hostname = $2",
          {Value{when}, Value{hostname}});
}

void record_reload_refused(Database& db, const std::string& hostname, const std::string& when,
                           const std::string& error) {
  execute(db, "UPDATE daemon_state SET reload_refused_at = $1, reload_error = $2 WHERE hostname = $3",
          {Value{when}, Value{error}, Value{hostname}});
}

std::vector<DaemonState> read_daemon_states(Database& db) {
  auto lease = db.lease();
  std::vector<DaemonState> states;
  try {
    Poco::Data::Statement select(lease.session());
    select << "SELECT hostname, pid, config_file, started_at, loaded_at, reload_refused_at, reload_error "
              "FROM daemon_state ORDER BY hostname";
    select.execute();
    Poco::Data::RecordSet rows(select);
    for (bool more = rows.moveFirst(); more; more = rows.moveNext()) {
      DaemonState s;
      s.hostname = rows.value(0).convert<std::string>();
      s.pid = rows.value(1).convert<std::int64_t>();
      s.config_file = rows.value(2).convert<std::string>();
      s.started_at = rows.value(3).convert<std::string>();
      s.loaded_at = rows.value(4).convert<std::string>();
      s.reload_refused_at = optional_text(rows, 5);
      s.reload_error = optional_text(rows, 6);
      states.push_back(std::move(s));
    }
  } catch (...) {
    lease.discard();
    throw;
  }
  return states;
}

void record_quarantines(Database& db, const std::string& hostname, const std::vector<HeldBack>& held) {
  auto lease = db.lease();
  try {
    Transaction tx(db, lease.session());
    execute_bound(lease.session(), "DELETE FROM daemon_quarantines WHERE hostname = $1", {Value{hostname}});
    for (const auto& h : held) {
      execute_bound(lease.session(),
                    "INSERT INTO daemon_quarantines (hostname, plugin, domain, tenant_id, why) VALUES ($1, $2, $3, $4, "
                    "$5)",
                    {Value{hostname}, Value{h.plugin}, Value{h.domain}, Value{h.tenant}, Value{h.why}});
    }
    tx.commit();
  } catch (...) {
    lease.discard();
    throw;
  }
}

std::vector<HostQuarantine> read_quarantines(Database& db) {
  auto lease = db.lease();
  std::vector<HostQuarantine> found;
  try {
    Poco::Data::Statement select(lease.session());
    select << "SELECT hostname, plugin, domain, tenant_id, why FROM daemon_quarantines "
              "ORDER BY hostname, plugin, domain, tenant_id";
    select.execute();
    Poco::Data::RecordSet rows(select);
    for (bool more = rows.moveFirst(); more; more = rows.moveNext()) {
      found.push_back({rows.value(0).convert<std::string>(),
                       HeldBack{rows.value(1).convert<std::string>(), rows.value(2).convert<std::string>(),
                                rows.value(3).convert<std::string>(), rows.value(4).convert<std::string>()}});
    }
  } catch (...) {
    lease.discard();
    throw;
  }
  return found;
}

}  // namespace govsync::host
