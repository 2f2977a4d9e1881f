#include "runs/run_ledger.hpp"

#include <Poco/Environment.h>
#include <Poco/Exception.h>
#include <Poco/Process.h>

#include <spdlog/fmt/fmt.h>

#include <chrono>
#include <random>

#include "db/bound_statement.hpp"

namespace govsync::host {

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
  // The start at nanosecond resolution and a random part: a successor with
  // the same host and PID (PID 1 in a container) never takes it for its own.
  static const std::string owner = [] {
    const auto started =
        std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch())
            .count();
    std::random_device random;
    const auto tag = fmt::format("{:08x}", random());
    return Poco::Environment::nodeName() + ":" + std::to_string(Poco::Process::id()) + ":" + std::to_string(started) +
           "." + tag;
  }();
  return owner;
}

namespace {

RunningElsewhere running_elsewhere(std::optional<std::int64_t> other) {
  return RunningElsewhere("run " + (other ? std::to_string(*other) : std::string("(just ended)")) +
                          " of this domain and tenant is running; one run of a pair runs at a time");
}

}  // namespace

std::int64_t RunLedger::open(const std::string& domain, const std::string& tenant, std::string_view trigger,
                             int attempt, const std::string& owner) {
  std::optional<std::int64_t> id;
  one_statement(db_, [&](Poco::Data::Session& session) -> std::size_t {
    const std::string ts(sql_now(db_.dialect()));
    // The partial unique index lets one running row per pair through, whichever host writes it.
    id = query_bound_optional_integer(
        session,
        "INSERT INTO sync_runs (domain, tenant_id, status, trigger, attempt, owner, started_at, heartbeat_at) "
        "VALUES ($1, $2, 'running', $3, $4, $5, " +
            ts + ", " + ts + ") ON CONFLICT (domain, tenant_id) WHERE status = 'running' DO NOTHING RETURNING id",
        {Value{domain}, Value{tenant}, Value{std::string(trigger)}, Value{std::int64_t{attempt}}, Value{owner}});
    return 1;
  });
  if (id) return *id;
  std::optional<std::int64_t> other;
  one_statement(db_, [&](Poco::Data::Session& session) -> std::size_t {
    other = query_bound_optional_integer(
        session, "SELECT id FROM sync_runs WHERE domain = $1 AND tenant_id = $2 AND status = 'running'",
        {Value{domain}, Value{tenant}});
    return 1;
  });
  throw running_elsewhere(other);
}

std::int64_t RunLedger::enqueue(const std::string& domain, const std::string& tenant, const std::string& owner) {
  std::int64_t id = 0;
  one_statement(db_, [&](Poco::Data::Session& session) -> std::size_t {
    id = query_bound_integer(session,
                             "INSERT INTO sync_runs (domain, tenant_id, status, trigger, attempt, owner) "
                             "VALUES ($1, $2, 'queued', 'manual', 1, $3) RETURNING id",
                             {Value{domain}, Value{tenant}, Value{owner}});
    return 1;
  });
  return id;
}

bool RunLedger::start_queued(std::int64_t id, const std::string& owner) {
  const std::string ts(sql_now(db_.dialect()));
  std::optional<std::int64_t> busy_pair;  // the running run that keeps it queued
  std::size_t started = 0;
  try {
    started = one_statement(db_, [&](Poco::Data::Session& session) -> std::size_t {
      const auto changed = execute_bound(
          session,
          "UPDATE sync_runs SET status = 'running', started_at = " + ts + ", heartbeat_at = " + ts +
              " WHERE id = $1 AND status = 'queued' AND owner = $2 AND NOT EXISTS (SELECT 1 FROM sync_runs AS other "
              "WHERE other.domain = sync_runs.domain AND other.tenant_id = sync_runs.tenant_id "
              "AND other.status = 'running')",
          {Value{id}, Value{owner}});
      if (changed == 0) {
        busy_pair = query_bound_optional_integer(
            session,
            "SELECT other.id FROM sync_runs AS queued JOIN sync_runs AS other ON other.domain = queued.domain "
            "AND other.tenant_id = queued.tenant_id AND other.status = 'running' "
            "WHERE queued.id = $1 AND queued.status = 'queued' AND queued.owner = $2",
            {Value{id}, Value{owner}});
      }
      return changed;
    });
  } catch (const Poco::Exception& e) {
    // PostgreSQL: a run of the pair began between the check and the write.
    if (e.displayText().find("sync_runs_one_running") != std::string::npos) throw running_elsewhere(std::nullopt);
    throw;
  }
  if (started == 1) return true;
  if (!busy_pair) return false;
  throw running_elsewhere(busy_pair);
}

bool RunLedger::drop_queued(std::int64_t id, const std::string& owner, const std::string& reason) {
  return one_statement(db_, [&](Poco::Data::Session& session) {
           return execute_bound(
               session,
               "UPDATE sync_runs SET status = 'failed', finished_at = " + std::string(sql_now(db_.dialect())) +
                   ", error = $1 WHERE id = $2 AND status = 'queued' AND owner = $3",
               {Value{reason}, Value{id}, Value{owner}});
         }) == 1;
}

bool RunLedger::succeed_within(Poco::Data::Session& session, std::int64_t id, const std::string& owner,
                               const RunCounts& counts) {
  return execute_bound(
             session,
             "UPDATE sync_runs SET status = 'succeeded', finished_at = " + std::string(sql_now(db_.dialect())) +
                 ", rows_written = $1, rows_deleted = $2, truncations = $3, error = NULL "
                 "WHERE id = $4 AND status = 'running' AND owner = $5",
             {Value{static_cast<std::int64_t>(counts.rows_written)},
              Value{static_cast<std::int64_t>(counts.rows_deleted)},
              Value{static_cast<std::int64_t>(counts.truncations)}, Value{id}, Value{owner}}) == 1;
}

bool RunLedger::close(std::int64_t id, const std::string& owner, RunStatus status, const RunCounts& counts,
                      const std::string& error) {
  return one_statement(db_, [&](Poco::Data::Session& session) {
           return execute_bound(
               session,
               "UPDATE sync_runs SET status = $1, finished_at = " + std::string(sql_now(db_.dialect())) +
                   ", rows_written = $2, rows_deleted = $3, truncations = $4, error = $5 "
                   "WHERE id = $6 AND status = 'running' AND owner = $7",
               {Value{std::string(status_name(status))}, Value{static_cast<std::int64_t>(counts.rows_written)},
                Value{static_cast<std::int64_t>(counts.rows_deleted)},
                Value{static_cast<std::int64_t>(counts.truncations)}, Value{error}, Value{id}, Value{owner}});
         }) == 1;
}

}  // namespace govsync::host
