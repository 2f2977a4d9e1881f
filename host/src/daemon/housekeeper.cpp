#include "daemon/housekeeper.hpp"

#include <Poco/Exception.h>
#include <spdlog/spdlog.h>

#include "runs/ghost_reaper.hpp"
#include "writer/bound_statement.hpp"

namespace govsync::host {

// On SQLite a run's transaction holds the only write lock: a heartbeat waits
// briefly, then tries again next time (the reaper never fails a run whose
// owner is alive on this host, so a late heartbeat there is harmless).
constexpr auto kSqliteHeartbeatWait = std::chrono::milliseconds(1000);

Housekeeper::Housekeeper(const DatabaseUrl& url, HousekeeperOptions options, std::function<void(std::size_t)> on_reaped)
    : db_(url, 1, kSqliteHeartbeatWait), options_(std::move(options)), on_reaped_(std::move(on_reaped)) {
  thread_ = std::thread([this] { loop(); });
}

Housekeeper::~Housekeeper() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
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
  auto lease = db_.lease();
  try {
    execute_bound(lease.session(),
                  "UPDATE sync_runs SET heartbeat_at = " + std::string(sql_now(db_.dialect())) +
                      " WHERE owner = $1 AND status = 'running'",
                  {Value{options_.owner}});
  } catch (const Poco::Exception& e) {
    lease.discard();
    spdlog::debug("heartbeat skipped: {}", redact_connection_secrets(e.displayText()));
  }
}

void Housekeeper::reap() {
  try {
    const auto reaped = reap_stale_runs(db_, options_.owner, *options_.ghost_after);
    for (const auto id : reaped) spdlog::warn("ghost run {} failed: its owner stopped heartbeating", id);
    if (on_reaped_ && !reaped.empty()) on_reaped_(reaped.size());
  } catch (const Poco::Exception& e) {
    spdlog::debug("ghost check skipped: {}", redact_connection_secrets(e.displayText()));
  }
}

}  // namespace govsync::host
