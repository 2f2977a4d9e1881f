#include "daemon/daemon.hpp"

#include <Poco/Environment.h>
#include <Poco/Exception.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdlib>

#include "config/config_loader.hpp"
#include "config/duration.hpp"
#include "daemon/housekeeper.hpp"
#include "runs/ghost_reaper.hpp"
#include "runs/run_history.hpp"
#include "runs/run_ledger.hpp"
#include "runs/tenant_registry.hpp"
#include "schedule/domain_timing.hpp"

namespace govsync::host {
namespace {

constexpr auto kTick = std::chrono::milliseconds(100);

std::vector<std::string> tenant_ids(const Settings& settings) {
  std::vector<std::string> ids;
  for (const auto& t : settings.tenants) ids.push_back(t.id);
  return ids;
}

const BoundDomain* find_domain(const ActiveConfig& config, const std::string& name) {
  for (const auto& d : config.domains) {
    if (d.settings.name == name) return &d;
  }
  return nullptr;
}

}  // namespace

Daemon::Daemon(std::filesystem::path config_file, PluginSetup plugins, DatabaseSetup database)
    : config_file_(std::move(config_file)),
      inventory_(std::move(plugins.inventory)),
      config_(
          std::make_shared<const ActiveConfig>(ActiveConfig{std::move(plugins.settings), std::move(plugins.domains)})),
      database_(std::move(database)),
      owned_(this_instance_owner()),
      metrics_(Poco::Environment::nodeName()),
      reloads_(*database_.db, metrics_, Poco::Environment::nodeName(), config_file_.string()),
      quarantines_(*database_.db, Poco::Environment::nodeName()),
      workers_(std::move(plugins.workers)),
      body_(make_run_body(workers_.get(), *database_.db, database_.catalog, config_->settings.database.url)),
      executor_(*database_.db, *body_, owned_, &metrics_),
      database_probe_(
          database_.db->url(),
          [migrations = database_.migrations](Database& db) { return check_database(db, migrations); },
          database_.db->statement_timeout()) {
  metrics_.set_plugins(inventory_);
}

Daemon::~Daemon() { admin_.reset(); }  // its threads call into the daemon

std::shared_ptr<const ActiveConfig> Daemon::current_config() const {
  std::lock_guard lock(config_mutex_);
  return config_;
}

std::size_t Daemon::busy() const {
  return static_cast<std::size_t>(
      std::count_if(runs_.begin(), runs_.end(), [](const ActiveRun& r) { return !r.control->expired(); }));
}

void Daemon::start(ActiveRun& run, const RunRequest& request) {
  run.thread = std::thread([this, &run, request] {
    const auto outcome = executor_.execute(request, *run.control);
    try {
      if (run.claim && outcome.run_id > 0) attach_run(*database_.db, *run.claim, outcome.run_id);
      // Not started (its pair runs elsewhere): a claim without a run would be re-run if this host died.
      if (run.claim && outcome.running_elsewhere) release_claim(*database_.db, *run.claim);
    } catch (const Poco::Exception& e) {
      spdlog::warn("cannot record run {} in its claim: {}", outcome.run_id, redact_connection_secrets(e.displayText()));
    }
    std::lock_guard lock(mutex_);
    run.done = true;
    run.succeeded = outcome.status == RunStatus::succeeded;
    run.elsewhere = outcome.running_elsewhere;
  });
}

Daemon::ActiveRun& Daemon::add_run(const SlotId& slot, WallTime now) {
  auto& run = runs_.emplace_back();
  run.slot = slot;
  run.config = config_;
  run.control = std::make_shared<RunControl>();
  run.started = now;
  run.timeout = run_timeout_of(config_->settings, slot.domain);
  return run;
}

void Daemon::dispatch_queued(WallTime now, std::size_t capacity) {
  std::vector<QueuedRun> dropped;
  {
    std::lock_guard lock(queue_mutex_);
    for (auto it = queued_.begin(); it != queued_.end() && busy() < capacity;) {
      if (it->run_id == 0) {  // the admin API is still recording it
        ++it;
        continue;
      }
      const auto* domain = find_domain(*config_, it->slot.domain);
      const auto* tenant = config_->settings.tenant(it->slot.tenant);
      if (domain == nullptr || tenant == nullptr) {
        dropped.push_back(*it);
        it = queued_.erase(it);
        continue;
      }
      if (!schedule_.start_now(it->slot, now)) {  // its (domain, tenant) is running: it waits
        ++it;
        continue;
      }
      auto& run = add_run(it->slot, now);
      RunRequest request{domain, tenant, "manual", 1, &run.config->settings.azure, it->run_id, it->allow_mass_delete};
      start(run, request);
      it = queued_.erase(it);
    }
  }
  // Recorded outside the queue's lock, which the admin API and /metrics take.
  for (const auto& queued : dropped) {
    drop_queued(queued, "not started: the reloaded configuration no longer has this domain and tenant");
  }
}

std::optional<SlotClaim> Daemon::claim(const DueRun& due, WallTime now) {
  const SlotClaim wanted{due.slot.domain, due.slot.tenant, window_start_of(now, domain_interval(due.slot.domain)),
                         due.attempt};
  try {
    if (claim_slot(*database_.db, wanted, owned_.owner())) return wanted;
    spdlog::debug("{}/{}: window {} attempt {} is claimed by a peer", due.slot.domain, due.slot.tenant,
                  wanted.window_start, wanted.attempt);
    schedule_.finished(due.slot, now, now, true);  // a peer runs it: next window
  } catch (const Poco::Exception& e) {
    spdlog::error("{}/{}: cannot claim the run: {}", due.slot.domain, due.slot.tenant,
                  redact_connection_secrets(e.displayText()));
    schedule_.finished(due.slot, now, now, false);
  }
  return std::nullopt;
}

std::chrono::seconds Daemon::domain_interval(const std::string& domain) const {
  const auto* d = find_domain(*config_, domain);
  return d != nullptr && d->settings.interval ? *d->settings.interval : kDefaultInterval;
}

void Daemon::recover_reaped(WallTime now, std::size_t capacity) {
  std::vector<RecoveredSlot> reaped;
  {
    std::lock_guard lock(queue_mutex_);
    reaped.swap(reaped_);
  }
  for (const auto& r : reaped) {
    const SlotId slot{r.domain, r.tenant};
    const auto* domain = find_domain(*config_, r.domain);
    const auto* tenant = config_->settings.tenant(r.tenant);
    if (domain == nullptr || tenant == nullptr) continue;
    if (busy() >= capacity || schedule_.running(slot)) {  // later, when a slot is free and the pair idle
      std::lock_guard lock(queue_mutex_);
      reaped_.push_back(r);
      continue;
    }
    schedule_.start_now(slot, now);
    std::optional<SlotClaim> claim;
    try {
      // A slot reaped as a stale run (not a dead host's claim) has no window of its own: it is this one.
      const auto window = r.window_start != 0 ? r.window_start : window_start_of(now, domain_interval(r.domain));
      claim = claim_next_attempt(*database_.db, r.domain, r.tenant, window, owned_.owner());
    } catch (const Poco::Exception& e) {
      spdlog::error("{}/{}: cannot claim the recovery of run {}: {}", r.domain, r.tenant, r.run_id,
                    redact_connection_secrets(e.displayText()));
    }
    if (!claim) {
      schedule_.finished(slot, now, now, true);
      continue;
    }
    spdlog::info("{}/{}: re-running the slot of ghost run {} (attempt {})", r.domain, r.tenant, r.run_id,
                 claim->attempt);
    auto& run = add_run(slot, now);
    run.claim = claim;
    start(run, RunRequest{domain, tenant, "retry", claim->attempt, &run.config->settings.azure});
  }
}

bool Daemon::fenced(const Housekeeper& housekeeper) {
  const auto limit = config_->settings.scheduler.ghost_after;
  const bool lost = housekeeper.since_last_contact() > limit;
  if (lost && !fenced_) {
    spdlog::error(
        "no contact with the database for more than {} (ghost_after): peers take this host's runs over; "
        "cancelling them and starting none until the database answers",
        format_duration(limit));
    for (auto& run : runs_) run.control->cancel("this host lost the database for longer than ghost_after");
  } else if (!lost && fenced_) {
    spdlog::info("the database answers again: rejoining the cluster");
  }
  fenced_ = lost;
  return fenced_;
}

void Daemon::dispatch(WallTime now) {
  const auto& settings = config_->settings;
  const auto capacity = static_cast<std::size_t>(settings.scheduler.concurrency);
  dispatch_queued(now, capacity);
  if (settings.cluster.enabled) recover_reaped(now, capacity);
  // A claim lost to a peer frees its place at once: keep taking due slots
  // until the pool is full or nothing is due.
  for (bool took = true; took && busy() < capacity;) {
    took = false;
    for (auto& due : schedule_.take_due(now, capacity - busy())) {
      took = true;
      const auto* domain = find_domain(*config_, due.slot.domain);
      const auto* tenant = settings.tenant(due.slot.tenant);
      if (domain == nullptr || tenant == nullptr) {
        schedule_.finished(due.slot, now, now, false);
        continue;
      }
      std::optional<SlotClaim> won;
      if (settings.cluster.enabled && !(won = claim(due, now))) continue;
      auto& run = add_run(due.slot, now);
      run.claim = won;
      start(run, RunRequest{domain, tenant, due.trigger, due.attempt, &run.config->settings.azure});
    }
  }
  std::lock_guard lock(queue_mutex_);
  gauges_ = {schedule_.due_count(now) + queued_.size(), busy(), capacity, {}, {}};
}

void Daemon::drop_queued(const QueuedRun& queued, const std::string& reason) {
  try {
    RunLedger(*database_.db).drop_queued(queued.run_id, owned_.owner(), reason);
  } catch (const Poco::Exception& e) {
    spdlog::error("cannot record that queued run {} will not start: {}", queued.run_id,
                  redact_connection_secrets(e.displayText()));
  }
}

void Daemon::collect_finished(WallTime now) {
  for (auto it = runs_.begin(); it != runs_.end();) {
    bool done = false;
    bool succeeded = false;
    {
      std::lock_guard lock(mutex_);
      done = it->done;
      // A pair whose run goes on elsewhere is not retried: its next run is its next window.
      succeeded = it->succeeded || it->elsewhere;
    }
    if (!done) {
      ++it;
      continue;
    }
    it->thread.join();
    // Every run frees its slot, once: a timed-out run freed it when it was given up on.
    if (!it->slot_freed) schedule_.finished(it->slot, it->started, now, succeeded);
    it = runs_.erase(it);
  }
}

void Daemon::expire_overdue(WallTime now) {
  for (auto& run : runs_) {
    if (run.control->expired() || now - run.started <= run.timeout) continue;
    if (!run.control->expire()) continue;  // it is committing: let it finish
    const auto reason = "timed out after " + format_duration(run.timeout) + " (run_timeout); cancellation requested";
    run.control->cancel(reason);
    spdlog::error("{}/{}: run {} {}", run.slot.domain, run.slot.tenant, run.control->run_id(), reason);
    // The housekeeper records the failure at once, off this loop (on SQLite
    // it waits for the write lock, which a worker holds until it is killed).
    if (run.control->run_id() > 0) owned_.record_later({run.control->run_id(), RunStatus::failed, {}, reason});
    // The slot is free for its next run even if the plugin never returns.
    schedule_.finished(run.slot, run.started, now, false);
    run.slot_freed = true;
  }
}

void Daemon::reload() {
  spdlog::info("SIGHUP: reloading {}", config_file_.string());
  auto settings = load_settings(config_file_);
  if (!settings) {
    spdlog::error("reload refused, the configuration in force stays: {}", settings.error().message);
    reloads_.refused(settings.error().message);
    return;
  }
  auto bound = bind_domains(settings.value(), inventory_, *spdlog::default_logger(),
                            configuration_check(settings.value(), workers_.get()));
  if (!bound) {
    spdlog::error("reload refused, the configuration in force stays: {}", bound.error().message);
    reloads_.refused(bound.error().message);
    return;
  }
  if (settings->database.url != config_->settings.database.url ||
      settings->plugins.dir != config_->settings.plugins.dir) {
    spdlog::warn("reload: [database] and [plugins] changes take effect at the next restart");
  }
  auto next = std::make_shared<const ActiveConfig>(ActiveConfig{std::move(settings.value()), std::move(bound.value())});
  schedule_.configure(domain_timings(next->settings), tenant_ids(next->settings), WallClock::now(), {});
  if (next->settings.admin.enabled != config_->settings.admin.enabled ||
      next->settings.admin.port != config_->settings.admin.port ||
      next->settings.admin.host != config_->settings.admin.host ||
      next->settings.admin.token_file != config_->settings.admin.token_file) {
    spdlog::warn("reload: [admin] changes take effect at the next restart");
  }
  try {
    register_tenants(*database_.db, next->settings.tenants);
  } catch (const Poco::Exception& e) {
    spdlog::warn("reload: cannot record the tenants in the tenants table (runs go on; the next start records them): {}",
                 redact_connection_secrets(e.displayText()));
  }
  body_->reloaded();
  reloads_.accepted();
  std::lock_guard lock(config_mutex_);
  config_ = std::move(next);
  std::string enabled;
  for (const auto& d : config_->domains) enabled += (enabled.empty() ? "" : ", ") + d.settings.name;
  spdlog::info("reloaded: {} tenants, enabled domains: {}", config_->settings.tenants.size(),
               enabled.empty() ? "none" : enabled);
}

int Daemon::shut_down(SignalWatcher& signals, int signal) {
  const auto grace = config_->settings.scheduler.shutdown_grace;
  spdlog::info("{}: stopping; {} runs in progress get up to {} to finish", signal == SIGINT ? "SIGINT" : "SIGTERM",
               runs_.size(), format_duration(grace));
  admin_.reset();
  std::vector<QueuedRun> queued;
  {
    std::lock_guard lock(queue_mutex_);
    queued.swap(queued_);
  }
  for (const auto& q : queued) {
    if (q.run_id > 0) drop_queued(q, "not started: the daemon stopped first");
  }
  for (auto& run : runs_) run.control->cancel("interrupted by shutdown");
  const auto deadline = std::chrono::steady_clock::now() + grace;
  while (!runs_.empty() && std::chrono::steady_clock::now() < deadline) {
    if (auto again = signals.wait(kTick); again && *again != SIGHUP) break;  // a second signal: stop now
    collect_finished(WallClock::now());
  }
  if (runs_.empty()) {
    spdlog::info("stopped");
    return 0;
  }
  if (workers_) {
    // Plugin code runs in the workers: killing them ends the runs, whose
    // threads then record the failure and return.
    spdlog::warn("{} runs did not stop within shutdown_grace: killing their workers", runs_.size());
    workers_->kill_busy();
    const auto hard_deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!runs_.empty() && std::chrono::steady_clock::now() < hard_deadline) {
      std::this_thread::sleep_for(kTick);
      collect_finished(WallClock::now());
    }
    if (runs_.empty()) {
      spdlog::info("stopped");
      return 0;
    }
  }
  for (auto& run : runs_) {
    if (run.control->run_id() <= 0) continue;
    if (database_.db->dialect() == Dialect::sqlite) {
      // The run still holds SQLite's only write lock, so its row cannot be
      // updated now; the next start (or `govsync reap`) fails it at once
      // because this process, its owner, is gone.
      spdlog::warn("run {} did not stop; it is failed as a ghost at the next start", run.control->run_id());
      continue;
    }
    try {
      RunLedger(*database_.db)
          .close(run.control->run_id(), owned_.owner(), RunStatus::failed, {},
                 "interrupted by shutdown: the plugin did not stop within shutdown_grace");
    } catch (const Poco::Exception& e) {
      spdlog::error("cannot record the interruption of run {}: {}", run.control->run_id(),
                    redact_connection_secrets(e.displayText()));
    }
  }
  spdlog::warn("stopped with {} runs that did not finish", runs_.size());
  spdlog::default_logger()->flush();
  // Their threads may be blocked in plugin code: leave without unwinding them.
  std::_Exit(0);
}

int Daemon::serve(SignalWatcher& signals) {
  const auto started = WallClock::now();
  try {
    const auto reaped = reap_dead_predecessors(*database_.db, owned_.owner());
    for (const auto id : reaped) spdlog::warn("run {} failed: the process on this host that owned it is gone", id);
    metrics_.ghosts_reaped(reaped.size());
    register_tenants(*database_.db, config_->settings.tenants);
    reloads_.started();
    // With isolation = thread the runs use this process's sessions; workers open their own.
    if (!workers_)
      open_sessions_ahead(*database_.db, static_cast<std::size_t>(config_->settings.scheduler.concurrency));
    const auto successes = last_successes(*database_.db, started);
    schedule_.configure(domain_timings(config_->settings), tenant_ids(config_->settings), started, successes);
    metrics_.seed_last_successes(successes);
  } catch (const Poco::Exception& e) {
    spdlog::error("cannot prepare the schedule: {}", redact_connection_secrets(e.displayText()));
    return kExitUnavailable;
  }
  for (const auto& slot : schedule_.slots()) {
    const auto due = schedule_.next_due(slot);
    spdlog::info("first run of {}/{} in {:.0f}s", slot.domain, slot.tenant,
                 due ? std::chrono::duration<double>(*due - started).count() : 0.0);
  }
  const auto& scheduler = config_->settings.scheduler;
  const bool cluster = config_->settings.cluster.enabled;
  schedule_.align_to_windows(cluster);
  Housekeeper housekeeper(database_.db->url(), owned_,
                          {scheduler.heartbeat, scheduler.ghost_after, cluster, database_.db->statement_timeout()},
                          [this, cluster](const std::vector<RecoveredSlot>& reaped) {
                            metrics_.ghosts_reaped(reaped.size());
                            if (!cluster) return;
                            std::lock_guard lock(queue_mutex_);
                            reaped_.insert(reaped_.end(), reaped.begin(), reaped.end());
                          });
  if (!start_admin()) return kExitConfigError;
  spdlog::info("govsync serving as {}: {} domains, {} tenants, concurrency {}{}", owned_.owner(),
               config_->domains.size(), config_->settings.tenants.size(), scheduler.concurrency,
               cluster ? ", cluster mode" : "");
  while (true) {
    if (const auto signal = signals.wait(kTick)) {
      if (*signal == SIGHUP) {
        reload();
      } else {
        return shut_down(signals, *signal);
      }
    }
    const auto now = WallClock::now();
    collect_finished(now);
    quarantines_.publish(body_->quarantined());
    expire_overdue(now);
    if (!cluster || !fenced(housekeeper)) dispatch(now);
  }
}

}  // namespace govsync::host
