#pragma once
// The daemon's metrics: what runs did, what the scheduler holds, which
// plugins are loaded and how Azure answered. Fed as a RunObserver.

#include <chrono>
#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "loader/plugin_loader.hpp"
#include "metrics/metrics_registry.hpp"
#include "runs/run_body.hpp"
#include "runs/run_observer.hpp"
#include "schedule/schedule.hpp"

namespace govsync::host {

/// What the scheduler holds at the moment of a scrape.
struct SchedulerGauges {
  std::size_t due_waiting = 0;  // due runs waiting for a free slot, API-queued runs included
  std::size_t running = 0;
  std::size_t concurrency = 0;
  /// Held back after their runs killed their workers.
  std::vector<HeldBack> quarantined;
  /// Every scheduled (domain, tenant) with its domain's interval.
  std::map<SlotId, std::chrono::seconds> intervals;
};

class RunMetrics final : public RunObserver {
 public:
  /// `host` labels the runs this process executes.
  explicit RunMetrics(std::string host);

  /// Last successes found in the ledger at start (per domain and tenant).
  void seed_last_successes(const std::map<SlotId, WallTime>& last_success);
  /// The plugins loaded, as govsync_plugin_info series.
  void set_plugins(const PluginInventory& inventory);
  void ghosts_reaped(std::size_t count);
  /// A configuration reload (SIGHUP) was accepted, or refused.
  void reload_finished(bool accepted);

  void run_started(const RunProgress& run) override;
  void run_progressed(const RunProgress& run) override;
  void run_finished(const RunOutcome& outcome) override;
  void azure_attempt(int status, bool will_retry) override;

  /// The exposition text, with the scheduler's gauges and readiness (as
  /// /readyz would answer) as given.
  std::string render(const SchedulerGauges& scheduler, bool ready);

 private:
  std::string host_;
  std::vector<std::string> plugins_;  // every loaded plugin gets a quarantine gauge, 0 or 1
  MetricsRegistry registry_;
};

}  // namespace govsync::host
