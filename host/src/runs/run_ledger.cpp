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

std::int64_t RunLedger::open(const std::string& domain, const std::string& tenant, const std::string& directory_id,
                             std::string_view trigger, int attempt, const std::string& owner) {
  auto lease = db_.lease();
  auto& session = lease.session();
  try {
    Transaction tx(db_, session);
    const std::string ts(sql_now(db_.dialect()));
    // A tenant added by a reload appears in `tenants` with its first run.
    session << "INSERT INTO tenants (tenant_id, directory_id, updated_at) VALUES ($1, $2, " + ts +
                   ") ON CONFLICT (tenant_id) DO UPDATE SET directory_id = excluded.directory_id",
        bind(tenant), bind(directory_id), now;
    Poco::Int64 id = 0;
    session << "INSERT INTO sync_runs (domain, tenant_id, status, trigger, attempt, owner, started_at, heartbeat_at) "
               "VALUES ($1, $2, 'running', $3, $4, $5, " +
                   ts + ", " + ts + ") RETURNING id",
        bind(domain), bind(tenant), bind(std::string(trigger)), bind(attempt), bind(owner), into(id), now;
    tx.commit();
    return id;
  } catch (...) {
    lease.discard();
    throw;
  }
}

bool RunLedger::close(std::int64_t id, const std::string& owner, RunStatus status, const RunCounts& counts,
                      const std::string& error) {
  auto lease = db_.lease();
  auto& session = lease.session();
  try {
    Transaction tx(db_, session);
    Poco::Data::Statement update(session);
    update << "UPDATE sync_runs SET status = $1, finished_at = " + std::string(sql_now(db_.dialect())) +
                  ", rows_written = $2, rows_deleted = $3, truncations = $4, error = $5 "
                  "WHERE id = $6 AND status = 'running' AND owner = $7",
        bind(std::string(status_name(status))), bind(static_cast<Poco::Int64>(counts.rows_written)),
        bind(static_cast<Poco::Int64>(counts.rows_deleted)), bind(static_cast<Poco::Int64>(counts.truncations)),
        bind(error), bind(static_cast<Poco::Int64>(id)), bind(owner);
    const auto changed = update.execute();
    tx.commit();
    return changed == 1;
  } catch (...) {
    lease.discard();
    throw;
  }
}

}  // namespace govsync::host
