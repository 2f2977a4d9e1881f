#include "daemon/housekeeper.hpp"

#include <Poco/Exception.h>
#include <spdlog/spdlog.h>

#include "db/bound_statement.hpp"
#include "runs/ghost_reaper.hpp"
#include "runs/run_ledger.hpp"
#include "runs/run_query.hpp"

namespace govsync::host {

// On SQLite a run's transaction holds the only write lock: a heartbeat waits
// briefly, then tries again next time (the reaper never fails a run whose
// owner is alive on this host, so a late heartbeat there is harmless).
constexpr auto kSqliteHeartbeatWait = std::chrono::milliseconds(1000);

// While ends of runs wait to be recorded, they are tried again this often.
constexpr auto kRecordRetry = std::chrono::seconds(1);

Housekeeper::Housekeeper(const DatabaseUrl& url, OwnedRuns& owned, HousekeeperOptions options, ReapedListener on_reaped)
    : db_(url, 1, kSqliteHeartbeatWait),
      owned_(owned),
      options_(std::move(options)),
      on_reaped_(std::move(on_reaped)),
      last_contact_(std::chrono::steady_clock::now().time_since_epoch().count()) {
  db_.set_statement_timeout(options_.statement_timeout);
  // Notified under the loop's lock: an end left just after the loop saw none is not missed until the next heartbeat.
  owned_.on_unrecorded([this] {
    std::lock_guard lock(mutex_);
    wake_.notify_all();
  });
  thread_ = std::thread([this] { loop(); });
}

Housekeeper::~Housekeeper() {
  owned_.on_unrecorded({});  // no more wake-ups into this object
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
  record_ends();  // a last try: what is still unrecorded the reaper fails at the next start
  if (!options_.cluster) return;
  try {
    check_out(db_, owned_.owner());
  } catch (const Poco::Exception& e) {
    spdlog::warn("cannot leave the cluster registry: {}", redact_connection_secrets(e.displayText()));
  }
}

std::chrono::steady_clock::duration Housekeeper::since_last_contact() const {
  return std::chrono::steady_clock::now() -
         std::chrono::steady_clock::time_point(std::chrono::steady_clock::duration(last_contact_.load()));
}

void Housekeeper::loop() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    const auto next_beat = std::chrono::steady_clock::now() + options_.heartbeat;
    beat();
    if (options_.ghost_after) reap();
    lock.lock();
    // Between heartbeats, record the ends of runs as they come.
    while (!stopping_ && std::chrono::steady_clock::now() < next_beat) {
      const auto left = owned_.unrecorded() == 0 ? next_beat : std::chrono::steady_clock::now() + kRecordRetry;
      wake_.wait_until(lock, std::min(left, next_beat));
      if (stopping_) break;
      lock.unlock();
      record_ends();
      lock.lock();
    }
  }
}

void Housekeeper::beat() {
  try {
    record_ends();
    // Only runs really in flight: a row whose run was given up on is not kept alive.
    const auto in_flight = owned_.in_flight();
    if (!in_flight.empty()) {
      std::vector<Value> values{Value{owned_.owner()}};
      std::string ids;
      for (const auto id : in_flight) {
        values.emplace_back(id);
        ids += (ids.empty() ? "$" : ", $") + std::to_string(values.size());
      }
      auto lease = db_.lease();
      try {
        execute_bound(lease.session(),
                      "UPDATE sync_runs SET heartbeat_at = " + std::string(sql_now(db_.dialect())) +
                          " WHERE owner = $1 AND status = 'running' AND id IN (" + ids + ")",
                      values);
      } catch (...) {
        lease.discard();
        throw;
      }
    }
    if (options_.cluster) check_in(db_, owned_.owner());
    last_contact_.store(std::chrono::steady_clock::now().time_since_epoch().count());
  } catch (const Poco::Exception& e) {
    spdlog::debug("heartbeat skipped: {}", redact_connection_secrets(e.displayText()));
  }
}

void Housekeeper::record_ends() {
  auto ends = owned_.take_unrecorded();
  if (ends.empty()) return;
  std::vector<RunEnd> failed;
  RunLedger ledger(db_);
  for (auto& end : ends) {
    try {
      ledger.close(end.run_id, owned_.owner(), end.status, end.counts, end.error);
      spdlog::info("run {}: its end ({}) is recorded", end.run_id, status_name(end.status));
    } catch (const Poco::Exception& e) {
      spdlog::debug("run {}: its end is not recorded yet: {}", end.run_id, redact_connection_secrets(e.displayText()));
      failed.push_back(std::move(end));
    }
  }
  owned_.give_back(std::move(failed));
}

void Housekeeper::reap() {
  try {
    std::vector<RecoveredSlot> reaped;
    if (options_.cluster) {
      reaped = reap_dead_hosts(db_, owned_.owner(), *options_.ghost_after);
      for (const auto& r : reaped) {
        spdlog::warn("{}/{}: its host stopped checking in; ghost run {} failed, the slot runs again", r.domain,
                     r.tenant, r.run_id);
      }
    }
    for (const auto id : reap_stale_runs(db_, owned_.owner(), *options_.ghost_after, options_.cluster)) {
      spdlog::warn("ghost run {} failed: its owner stopped heartbeating", id);
      if (const auto run = find_run(db_, id)) reaped.push_back({id, run->domain, run->tenant});
    }
    if (on_reaped_ && !reaped.empty()) on_reaped_(reaped);
  } catch (const Poco::Exception& e) {
    spdlog::debug("ghost check skipped: {}", redact_connection_secrets(e.displayText()));
  }
}

}  // namespace govsync::host
