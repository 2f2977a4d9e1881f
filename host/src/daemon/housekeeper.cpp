#include "daemon/housekeeper.hpp"

#include <Poco/Exception.h>
#include <spdlog/spdlog.h>

#include "db/bound_statement.hpp"
#include "runs/ghost_reaper.hpp"
#include "runs/run_query.hpp"

namespace govsync::host {

// On SQLite a run's transaction holds the only write lock: a heartbeat waits
// briefly, then tries again next time (the reaper never fails a run whose
// owner is alive on this host, so a late heartbeat there is harmless).
constexpr auto kSqliteHeartbeatWait = std::chrono::milliseconds(1000);

Housekeeper::Housekeeper(const DatabaseUrl& url, HousekeeperOptions options, ReapedListener on_reaped)
    : db_(url, 1, kSqliteHeartbeatWait),
      options_(std::move(options)),
      on_reaped_(std::move(on_reaped)),
      last_contact_(std::chrono::steady_clock::now().time_since_epoch().count()) {
  thread_ = std::thread([this] { loop(); });
}

Housekeeper::~Housekeeper() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
  if (!options_.cluster) return;
  try {
    check_out(db_, options_.owner);
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
    beat();
    if (options_.ghost_after) reap();
    lock.lock();
    wake_.wait_for(lock, options_.heartbeat, [this] { return stopping_; });
  }
}

void Housekeeper::beat() {
  try {
    {
      auto lease = db_.lease();
      try {
        execute_bound(lease.session(),
                      "UPDATE sync_runs SET heartbeat_at = " + std::string(sql_now(db_.dialect())) +
                          " WHERE owner = $1 AND status = 'running'",
                      {Value{options_.owner}});
      } catch (...) {
        lease.discard();
        throw;
      }
    }
    if (options_.cluster) check_in(db_, options_.owner);
    last_contact_.store(std::chrono::steady_clock::now().time_since_epoch().count());
  } catch (const Poco::Exception& e) {
    spdlog::debug("heartbeat skipped: {}", redact_connection_secrets(e.displayText()));
  }
}

void Housekeeper::reap() {
  try {
    std::vector<RecoveredSlot> reaped;
    if (options_.cluster) {
      reaped = reap_dead_hosts(db_, options_.owner, *options_.ghost_after);
      for (const auto& r : reaped) {
        spdlog::warn("{}/{}: its host stopped checking in; ghost run {} failed, the slot runs again", r.domain,
                     r.tenant, r.run_id);
      }
    }
    for (const auto id : reap_stale_runs(db_, options_.owner, *options_.ghost_after, options_.cluster)) {
      spdlog::warn("ghost run {} failed: its owner stopped heartbeating", id);
      if (const auto run = find_run(db_, id)) reaped.push_back({id, run->domain, run->tenant});
    }
    if (on_reaped_ && !reaped.empty()) on_reaped_(reaped);
  } catch (const Poco::Exception& e) {
    spdlog::debug("ghost check skipped: {}", redact_connection_secrets(e.displayText()));
  }
}

}  // namespace govsync::host
