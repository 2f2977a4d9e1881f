// The daemon's side of the admin API: readiness, metrics, views of the
// configuration without secrets, and runs queued on request.
#include <Poco/Exception.h>
#include <spdlog/spdlog.h>

#include <algorithm>

#include "config/config_loader.hpp"
#include "daemon/daemon.hpp"
#include "migrate/schema_update.hpp"
#include "runs/run_ledger.hpp"
#include "schedule/domain_timing.hpp"

namespace govsync::host {

// /readyz's wait for the database: its answer comes within 2 s.
constexpr auto kDatabaseProbeBound = std::chrono::milliseconds(1500);

bool Daemon::start_admin() {
  const auto& admin = config_->settings.admin;
  if (!admin.enabled) return true;
  std::optional<BearerToken> token;
  if (!admin.token_file.empty()) {
    auto loaded = BearerToken::load(admin.token_file);
    if (!loaded) {
      spdlog::error("{}", loaded.error().message);
      return false;
    }
    token = std::move(loaded.value());
  }
  try {
    admin_ = std::make_unique<AdminServer>(admin, std::move(token), *this);
  } catch (const Poco::Exception& e) {
    spdlog::error("[admin] listen: cannot listen on {}:{}: {}", admin.host, admin.port, e.displayText());
    return false;
  }
  const auto address = admin.host.find(':') == std::string::npos ? admin.host : "[" + admin.host + "]";
  spdlog::info("admin API listening on {}:{}", address, admin_->port());
  return true;
}

ProbeAnswer check_database(Database& db, const SchemaSources& migrations) {
  ProbeAnswer answer;
  {
    auto lease = db.lease();
    try {
      int one = 0;
      lease.session() << "SELECT 1", Poco::Data::Keywords::into(one), Poco::Data::Keywords::now;
    } catch (...) {
      lease.discard();
      throw;
    }
  }
  answer.checks.push_back("database: ok");
  try {
    const auto pending = pending_migrations(db, migrations);
    answer.ok = pending.empty();
    answer.checks.push_back(answer.ok ? std::string("migrations: current")
                                      : "migrations: " + std::to_string(pending.size()) + " pending, the first " +
                                            pending.front() + "; run govsync migrate");
  } catch (const Poco::Exception& e) {
    answer.checks.push_back("migrations: cannot be read: " + redact_connection_secrets(e.displayText()));
  }
  return answer;
}

Readiness Daemon::readiness() {
  // Answered within 2 s even when the database hangs.
  return readiness_given(database_probe_.ask(kDatabaseProbeBound));
}

Readiness Daemon::readiness_given(ProbeAnswer database) {
  Readiness report;
  report.checks = std::move(database.checks);
  const auto config = current_config();
  std::size_t missing = 0;
  for (const auto& d : config->settings.domains) {
    if (!d.enabled) continue;
    const bool bound = std::any_of(config->domains.begin(), config->domains.end(),
                                   [&](const BoundDomain& b) { return b.settings.name == d.name && b.plugin; });
    if (!bound) {
      ++missing;
      report.checks.push_back("plugins: no plugin loaded for enabled domain " + d.name);
    }
  }
  if (missing == 0) {
    report.checks.push_back("plugins: " + std::to_string(config->domains.size()) + " enabled domains loaded");
  }
  // A valid configuration with nothing to run is ready, and says why it is idle.
  if (config->settings.tenants.empty()) report.checks.push_back("idle: no [tenant.NAME] section, nothing is scheduled");
  if (config->domains.empty()) report.checks.push_back("idle: no domain is enabled, nothing is scheduled");
  // A quarantine holds back one plugin or pair; the rest syncs, so the daemon stays ready.
  for (const auto& held : body_->quarantined()) report.checks.push_back("quarantine: " + held.why);
  // A refused reload leaves the daemon serving the configuration before it: ready, and it says so.
  if (auto refused = reloads_.readiness_check()) report.checks.push_back(std::move(*refused));
  report.ready = database.ok && missing == 0;
  return report;
}

std::string Daemon::metrics() {
  SchedulerGauges gauges;
  {
    std::lock_guard lock(queue_mutex_);
    gauges = gauges_;
  }
  gauges.quarantined = body_->quarantined();
  const auto config = current_config();
  for (const auto& domain : domain_timings(config->settings)) {
    for (const auto& tenant : config->settings.tenants) gauges.intervals[{domain.name, tenant.id}] = domain.interval;
  }
  // Never waits on the database: its last check, and a fresh one for the next scrape.
  return metrics_.render(gauges, readiness_given(database_probe_.latest(kDatabaseProbeBound)).ready);
}

std::vector<RunRecord> Daemon::runs(const RunFilter& filter) { return find_runs(*database_.db, filter); }

std::optional<RunRecord> Daemon::run(std::int64_t id) { return find_run(*database_.db, id); }

std::vector<PluginView> Daemon::plugins() {
  const auto config = current_config();
  const auto held = body_->quarantined();
  std::vector<PluginView> views;
  for (const auto& p : inventory_.plugins) {
    PluginView view;
    view.name = p.info.name;
    view.version = p.info.version;
    view.sdk_version = sdk_version_text(p.sdk_version);
    view.description = p.info.description;
    view.file = p.path.string();
    view.enabled = std::any_of(config->domains.begin(), config->domains.end(),
                               [&](const BoundDomain& d) { return d.plugin == &p; });
    for (const auto& key : p.info.config_keys) view.config_keys.push_back(key.name);
    view.quarantined =
        std::any_of(held.begin(), held.end(), [&](const HeldBack& h) { return h.plugin == p.info.name; });
    views.push_back(std::move(view));
  }
  return views;
}

std::vector<PluginFailureView> Daemon::plugin_failures() {
  std::vector<PluginFailureView> views;
  for (const auto& f : inventory_.failures) {
    views.push_back({f.path.string(), std::string(describe(f.kind)) + ": " + f.message});
  }
  return views;
}

std::vector<TenantView> Daemon::tenants() {
  const auto config = current_config();
  std::vector<TenantView> views;
  for (const auto& t : config->settings.tenants) {
    views.push_back({t.id, t.directory_id, t.managed_identity ? "managed_identity" : "client_secret", t.client_id,
                     t.subscriptions});
  }
  return views;
}

QueueResult Daemon::queue_run(const std::string& domain, const std::string& tenant, bool allow_mass_delete) {
  const auto config = current_config();
  const bool enabled = std::any_of(config->domains.begin(), config->domains.end(),
                                   [&](const BoundDomain& d) { return d.settings.name == domain; });
  if (!enabled) return {QueueResult::Outcome::unknown_domain, 0, "no enabled domain named '" + domain + "'"};
  const auto* settings = config->settings.tenant(tenant);
  if (settings == nullptr) return {QueueResult::Outcome::unknown_tenant, 0, "no tenant named '" + tenant + "'"};

  // The queue's lock is never held across database work: the scheduler and
  // /metrics take it too. An entry without an id yet holds the place meanwhile.
  const SlotId slot{domain, tenant};
  {
    std::lock_guard lock(queue_mutex_);
    for (const auto& queued : queued_) {
      if (queued.slot == slot) {
        return {QueueResult::Outcome::already_queued, queued.run_id,
                "a run of " + domain + " for " + tenant + " is already queued"};
      }
    }
    queued_.push_back({slot, 0, allow_mass_delete});
  }
  std::int64_t id = 0;
  std::string error;
  try {
    id = RunLedger(*database_.db).enqueue(domain, tenant, owned_.owner());
  } catch (const Poco::Exception& e) {
    error = redact_connection_secrets(e.displayText());
  }
  bool placed = false;
  {
    std::lock_guard lock(queue_mutex_);
    const auto it = std::find_if(queued_.begin(), queued_.end(),
                                 [&](const QueuedRun& q) { return q.slot == slot && q.run_id == 0; });
    if (it != queued_.end()) {
      placed = error.empty();
      if (placed) {
        it->run_id = id;
      } else {
        queued_.erase(it);
      }
    }
  }
  if (!error.empty()) return {QueueResult::Outcome::unavailable, 0, "cannot record the run: " + error};
  if (!placed) {  // the daemon began to stop meanwhile and cleared its queue
    drop_queued({slot, id}, "not started: the daemon stopped first");
    return {QueueResult::Outcome::unavailable, 0, "the daemon is stopping"};
  }
  spdlog::info("{}/{}: run {} queued by the admin API", domain, tenant, id);
  return {QueueResult::Outcome::queued, id, ""};
}

}  // namespace govsync::host
