#include "metrics/run_metrics.hpp"

#include <algorithm>

#include "govsync_build_info.hpp"
#include "runs/run_executor.hpp"

namespace govsync::host {
namespace {

double epoch_seconds(WallTime time) { return std::chrono::duration<double>(time.time_since_epoch()).count(); }

}  // namespace

RunMetrics::RunMetrics(std::string host) : host_(std::move(host)) {
  registry_.declare("govsync_build_info", MetricType::gauge, "The govsync version running (always 1).");
  registry_.declare("govsync_runs_total", MetricType::counter,
                    "Runs that ended, by domain, tenant, final status and the host that ran them.");
  registry_.declare("govsync_run_duration_seconds", MetricType::histogram, "How long runs took, by domain.",
                    {0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600});
  registry_.declare("govsync_rows_written_total", MetricType::counter, "Rows written by successful runs.");
  registry_.declare("govsync_rows_deleted_total", MetricType::counter,
                    "Rows deleted as no longer seen at the source by successful runs.");
  registry_.declare("govsync_mass_deletions_refused_total", MetricType::counter,
                    "Runs rolled back because delete-unseen would have removed more of a table's stored rows than "
                    "max_delete_fraction allows");
  registry_.declare("govsync_truncations_total", MetricType::counter, "Values cut to fit their column.");
  registry_.declare("govsync_ghost_runs_reaped_total", MetricType::counter,
                    "Runs left running by a dead process that this process failed.");
  registry_.declare("govsync_last_success_timestamp_seconds", MetricType::gauge,
                    "When the last successful run of each domain and tenant started (Unix time).");
  registry_.declare("govsync_queued_runs", MetricType::gauge, "Runs that are due and wait for a free slot.");
  registry_.declare("govsync_running_runs", MetricType::gauge, "Runs in progress.");
  registry_.declare("govsync_concurrency", MetricType::gauge, "How many runs may be in progress at once.");
  registry_.declare("govsync_schedule_interval_seconds", MetricType::gauge,
                    "The interval of each scheduled domain and tenant, in seconds.");
  registry_.declare("govsync_start_time_seconds", MetricType::gauge, "When this process started (Unix time).");
  registry_.declare("govsync_config_reload_failures_total", MetricType::counter,
                    "Configuration reloads (SIGHUP) refused; the configuration in force stayed.");
  registry_.declare("govsync_config_last_reload_successful", MetricType::gauge,
                    "1 when the last configuration load (start or reload) was accepted, 0 after a refused reload.");
  registry_.declare("govsync_config_last_reload_success_timestamp_seconds", MetricType::gauge,
                    "When the configuration in force was loaded (start or accepted reload; Unix time).");
  registry_.declare("govsync_ready", MetricType::gauge,
                    "1 while /readyz would answer 200, 0 while it would answer 503 (database from its last check).");
  registry_.declare("govsync_plugin_info", MetricType::gauge, "Loaded plugins with their version (always 1).");
  registry_.declare("govsync_plugin_quarantined", MetricType::gauge,
                    "1 while a plugin is held back because its runs killed their worker process repeatedly.");
  registry_.declare("govsync_slot_quarantined", MetricType::gauge,
                    "1 while a (domain, tenant) is held back because its runs killed their worker repeatedly.");
  registry_.declare("govsync_azure_requests_total", MetricType::counter,
                    "HTTP attempts to Azure and Graph by status code (\"none\" when no response came).");
  registry_.declare("govsync_azure_retries_total", MetricType::counter,
                    "HTTP attempts to Azure and Graph that were retried.");
  registry_.set("govsync_build_info", {{"version", GOVSYNC_VERSION}}, 1);
  registry_.set("govsync_start_time_seconds", {}, epoch_seconds(WallClock::now()));
  registry_.add("govsync_ghost_runs_reaped_total", {}, 0);
  registry_.add("govsync_config_reload_failures_total", {}, 0);
  registry_.set("govsync_config_last_reload_successful", {}, 1);
  registry_.set("govsync_config_last_reload_success_timestamp_seconds", {}, epoch_seconds(WallClock::now()));
  registry_.add("govsync_azure_retries_total", {}, 0);
}

void RunMetrics::seed_last_successes(const std::map<SlotId, WallTime>& last_success) {
  for (const auto& [slot, when] : last_success) {
    registry_.set("govsync_last_success_timestamp_seconds", {{"domain", slot.domain}, {"tenant", slot.tenant}},
                  epoch_seconds(when));
  }
}

void RunMetrics::set_plugins(const PluginInventory& inventory) {
  registry_.clear("govsync_plugin_info");
  plugins_.clear();
  for (const auto& p : inventory.plugins) {
    plugins_.push_back(p.info.name);
    registry_.set(
        "govsync_plugin_info",
        {{"plugin", p.info.name}, {"version", p.info.version}, {"sdk_version", sdk_version_text(p.sdk_version)}}, 1);
  }
}

void RunMetrics::ghosts_reaped(std::size_t count) {
  registry_.add("govsync_ghost_runs_reaped_total", {}, static_cast<double>(count));
}

void RunMetrics::reload_finished(bool accepted) {
  registry_.set("govsync_config_last_reload_successful", {}, accepted ? 1 : 0);
  if (accepted) {
    registry_.set("govsync_config_last_reload_success_timestamp_seconds", {}, epoch_seconds(WallClock::now()));
  } else {
    registry_.add("govsync_config_reload_failures_total", {}, 1);
  }
}

void RunMetrics::run_started(const RunProgress& /*run*/) {}

void RunMetrics::run_progressed(const RunProgress& /*run*/) {}

void RunMetrics::run_finished(const RunOutcome& outcome) {
  const Labels slot{{"domain", outcome.domain}, {"tenant", outcome.tenant}};
  registry_.add("govsync_runs_total",
                {{"domain", outcome.domain},
                 {"tenant", outcome.tenant},
                 {"status", std::string(status_name(outcome.status))},
                 {"host", host_}},
                1);
  registry_.observe("govsync_run_duration_seconds", {{"domain", outcome.domain}},
                    std::chrono::duration<double>(outcome.duration).count());
  registry_.add("govsync_rows_written_total", slot, static_cast<double>(outcome.counts.rows_written));
  registry_.add("govsync_rows_deleted_total", slot, static_cast<double>(outcome.counts.rows_deleted));
  registry_.add("govsync_truncations_total", slot, static_cast<double>(outcome.counts.truncations));
  if (outcome.mass_delete_refused) registry_.add("govsync_mass_deletions_refused_total", slot, 1);
  if (outcome.status == RunStatus::succeeded) {
    registry_.set("govsync_last_success_timestamp_seconds", slot, epoch_seconds(WallClock::now() - outcome.duration));
  }
}

void RunMetrics::azure_attempt(int status, bool will_retry) {
  registry_.add("govsync_azure_requests_total", {{"status", status == 0 ? "none" : std::to_string(status)}}, 1);
  if (will_retry) registry_.add("govsync_azure_retries_total", {}, 1);
}

std::string RunMetrics::render(const SchedulerGauges& scheduler, bool ready) {
  registry_.set("govsync_ready", {}, ready ? 1 : 0);
  registry_.set("govsync_queued_runs", {}, static_cast<double>(scheduler.due_waiting));
  registry_.set("govsync_running_runs", {}, static_cast<double>(scheduler.running));
  registry_.set("govsync_concurrency", {}, static_cast<double>(scheduler.concurrency));
  registry_.clear("govsync_schedule_interval_seconds");
  for (const auto& [slot, interval] : scheduler.intervals) {
    registry_.set("govsync_schedule_interval_seconds", {{"domain", slot.domain}, {"tenant", slot.tenant}},
                  static_cast<double>(interval.count()));
  }
  registry_.clear("govsync_plugin_quarantined");
  registry_.clear("govsync_slot_quarantined");
  for (const auto& plugin : plugins_) {
    const bool held = std::any_of(scheduler.quarantined.begin(), scheduler.quarantined.end(),
                                  [&](const HeldBack& h) { return h.plugin == plugin; });
    registry_.set("govsync_plugin_quarantined", {{"plugin", plugin}}, held ? 1 : 0);
  }
  for (const auto& h : scheduler.quarantined) {
    if (h.plugin.empty()) registry_.set("govsync_slot_quarantined", {{"domain", h.domain}, {"tenant", h.tenant}}, 1);
  }
  return registry_.render();
}

}  // namespace govsync::host
