#include "runs/run_ledger.hpp"

#include <Poco/Environment.h>
#include <Poco/Process.h>

#include <chrono>

namespace govsync::host {

using Poco::Data::Keywords::bind;
using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;

std::string_view status_name(RunStatus status) {
  switch (status) {
    case RunStatus::queued:
      return "queued";
    case RunStatus::running:
      return "running";
    case RunStatus::succeeded:
      return "succeeded";
    case RunStatus::failed:
      return "failed";
  }
  return "unknown";
}

std::string this_instance_owner() {
  static const std::string owner = [] {
    const auto started =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    return Poco::Environment::nodeName() + ":" + std::to_string(Poco::Process::id()) + ":" + std::to_string(started);
  }();
  return owner;
}

namespace {

// A tenant added by a reload appears in `tenants` with its first run.
void record_tenant(Poco::Data::Session& session, Dialect dialect, const std::string& tenant,
                   const std::string& directory_id) {
  session << "INSERT INTO tenants (tenant_id, directory_id, updated_at) VALUES ($1, $2, " +
                 std::string(sql_now(dialect)) +
                 ") ON CONFLICT (tenant_id) DO UPDATE SET directory_id = excluded.directory_id",
      bind(tenant), bind(directory_id), now;
}

}  // namespace

std::int64_t RunLedger::open(const std::string& domain, const std::string& tenant, const std::string& directory_id,
                             std::string_view trigger, int attempt, const std::string& owner) {
  Poco::Int64 id = 0;
  in_transaction(db_, [&](Poco::Data::Session& session) -> std::size_t {
    const std::string ts(sql_now(db_.dialect()));
    record_tenant(session, db_.dialect(), tenant, directory_id);
    session << "INSERT INTO sync_runs (domain, tenant_id, status, trigger, attempt, owner, started_at, heartbeat_at) "
               "VALUES ($1, $2, 'running', $3, $4, $5, " +
                   ts + ", " + ts + ") RETURNING id",
        bind(domain), bind(tenant), bind(std::string(trigger)), bind(attempt), bind(owner), into(id), now;
    return 1;
  });
  return id;
}

std::int64_t RunLedger::enqueue(const std::string& domain, const std::string& tenant, const std::string& directory_id,
                                const std::string& owner) {
  Poco::Int64 id = 0;
  in_transaction(db_, [&](Poco::Data::Session& session) -> std::size_t {
    record_tenant(session, db_.dialect(), tenant, directory_id);
    session << "INSERT INTO sync_runs (domain, tenant_id, status, trigger, attempt, owner) "
               "VALUES ($1, $2, 'queued', 'manual', 1, $3) RETURNING id",
        bind(domain), bind(tenant), bind(owner), into(id), now;
    return 1;
  });
  return id;
}

bool RunLedger::start_queued(std::int64_t id, const std::string& owner) {
  return in_transaction(db_, [&](Poco::Data::Session& session) -> std::size_t {
           const std::string ts(sql_now(db_.dialect()));
           Poco::Data::Statement update(session);
           update << "UPDATE sync_runs SET status = 'running', started_at = " + ts + ", heartbeat_at = " + ts +
                         " WHERE id = $1 AND status = 'queued' AND owner = $2",
               bind(static_cast<Poco::Int64>(id)), bind(owner);
           return update.execute();
         }) == 1;
}

bool RunLedger::drop_queued(std::int64_t id, const std::string& owner, const std::string& reason) {
  return in_transaction(db_, [&](Poco::Data::Session& session) -> std::size_t {
           Poco::Data::Statement update(session);
           update << "UPDATE sync_runs SET status = 'failed', finished_at = " + std::string(sql_now(db_.dialect())) +
                         ", error = $1 WHERE id = $2 AND status = 'queued' AND owner = $3",
               bind(reason), bind(static_cast<Poco::Int64>(id)), bind(owner);
           return update.execute();
         }) == 1;
}

bool RunLedger::succeed_within(Poco::Data::Session& session, std::int64_t id, const std::string& owner,
                               const RunCounts& counts) {
  Poco::Data::Statement update(session);
  update << "UPDATE sync_runs SET status = 'succeeded', finished_at = " + std::string(sql_now(db_.dialect())) +
                ", rows_written = $1, rows_deleted = $2, truncations = $3, error = NULL "
                "WHERE id = $4 AND status = 'running' AND owner = $5",
      bind(static_cast<Poco::Int64>(counts.rows_written)), bind(static_cast<Poco::Int64>(counts.rows_deleted)),
      bind(static_cast<Poco::Int64>(counts.truncations)), bind(static_cast<Poco::Int64>(id)), bind(owner);
  return update.execute() == 1;
}

bool RunLedger::close(std::int64_t id, const std::string& owner, RunStatus status, const RunCounts& counts,
                      const std::string& error) {
  return in_transaction(db_, [&](Poco::Data::Session& session) -> std::size_t {
           Poco::Data::Statement update(session);
           update << "UPDATE sync_runs SET status = $1, finished_at = " + std::string(sql_now(db_.dialect())) +
                         ", rows_written = $2, rows_deleted = $3, truncations = $4, error = $5 "
                         "WHERE id = $6 AND status = 'running' AND owner = $7",
               bind(std::string(status_name(status))), bind(static_cast<Poco::Int64>(counts.rows_written)),
               bind(static_cast<Poco::Int64>(counts.rows_deleted)), bind(static_cast<Poco::Int64>(counts.truncations)),
               bind(error), bind(static_cast<Poco::Int64>(id)), bind(owner);
           return update.execute();
         }) == 1;
}

}  // namespace govsync::host
