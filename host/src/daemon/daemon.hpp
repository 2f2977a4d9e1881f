#pragma once
// `govsync serve`: schedules every enabled (domain, tenant) slot, runs them
// on a bounded pool, times them out, and answers SIGTERM, SIGINT and SIGHUP.

#include <filesystem>
#include <list>
#include <memory>
#include <thread>

#include "admin/admin_backend.hpp"
#include "admin/admin_server.hpp"
#include "cli/host_setup.hpp"
#include "cluster/run_claims.hpp"
#include "daemon/database_probe.hpp"
#include "daemon/housekeeper.hpp"
#include "daemon/quarantine_record.hpp"
#include "daemon/reload_record.hpp"
#include "daemon/signal_watcher.hpp"
#include "metrics/run_metrics.hpp"
#include "runs/run_control.hpp"
#include "runs/run_executor.hpp"
#include "schedule/schedule.hpp"

namespace govsync::host {

/// A configuration in force: runs keep the one they started with alive.
struct ActiveConfig {
  Settings settings;
  std::vector<BoundDomain> domains;
};

class Daemon final : public AdminBackend {
 public:
  Daemon(std::filesystem::path config_file, PluginSetup plugins, DatabaseSetup database);
  ~Daemon() override;
  /// Runs until SIGTERM or SIGINT; returns the exit code.
  int serve(SignalWatcher& signals);

  // The admin API (daemon_admin.cpp); called from its threads.
  Readiness readiness() override;
  std::string metrics() override;
  std::vector<RunRecord> runs(const RunFilter& filter) override;
  std::optional<RunRecord> run(std::int64_t id) override;
  std::vector<PluginView> plugins() override;
  std::vector<PluginFailureView> plugin_failures() override;
  std::vector<TenantView> tenants() override;
  QueueResult queue_run(const std::string& domain, const std::string& tenant, bool allow_mass_delete) override;

 private:
  struct ActiveRun {
    SlotId slot;
    std::shared_ptr<const ActiveConfig> config;
    std::shared_ptr<RunControl> control;
    WallTime started;
    std::chrono::seconds timeout{0};
    std::optional<SlotClaim> claim;  // cluster mode: the claim this run executes
    std::thread thread;
    bool done = false;
    bool succeeded = false;
    bool elsewhere = false;   // not started: its pair was running elsewhere
    bool slot_freed = false;  // by the watchdog, before the run returned
  };

  /// A run asked for over the API, waiting for its (domain, tenant) to be idle.
  struct QueuedRun {
    SlotId slot;
    std::int64_t run_id = 0;
    bool allow_mass_delete = false;
  };

  /// /readyz's report, with the database as the probe found it.
  Readiness readiness_given(ProbeAnswer database);
  ActiveRun& add_run(const SlotId& slot, WallTime now);
  void start(ActiveRun& run, const RunRequest& request);
  void dispatch_queued(WallTime now, std::size_t capacity);
  void dispatch(WallTime now);
  /// Cluster mode: claims a due slot; nothing when a peer has it (or the claim failed).
  std::optional<SlotClaim> claim(const DueRun& due, WallTime now);
  /// Cluster mode: re-runs the slots of runs whose host died.
  void recover_reaped(WallTime now, std::size_t capacity);
  /// Cluster mode: a host that has not reached the database for ghost_after
  /// cancels its runs (its peers fail them) and starts none until it does.
  bool fenced(const Housekeeper& housekeeper);
  std::chrono::seconds domain_interval(const std::string& domain) const;
  void drop_queued(const QueuedRun& queued, const std::string& reason);
  /// Starts the admin server when [admin] asks for it; false when it cannot.
  bool start_admin();
  std::shared_ptr<const ActiveConfig> current_config() const;
  void collect_finished(WallTime now);
  void expire_overdue(WallTime now);
  void reload();
  int shut_down(SignalWatcher& signals, int signal);
  std::size_t busy() const;

  std::filesystem::path config_file_;
  PluginInventory inventory_;
  mutable std::mutex config_mutex_;  // guards config_ (replaced by reload, read by the admin API)
  std::shared_ptr<const ActiveConfig> config_;
  DatabaseSetup database_;
  OwnedRuns owned_;  // this process's rows in sync_runs
  RunMetrics metrics_;
  ReloadRecord reloads_;                 // what reloads came to: /readyz, metrics, daemon_state
  QuarantineRecord quarantines_;         // what is held back, for status and plugins: daemon_quarantines
  std::unique_ptr<WorkerPool> workers_;  // isolation = process; outlives the body and the runs
  std::unique_ptr<RunBody> body_;
  RunExecutor executor_;
  Schedule schedule_;
  mutable std::mutex mutex_;  // guards each ActiveRun's done/succeeded
  std::list<ActiveRun> runs_;
  std::mutex queue_mutex_;  // guards queued_ and the gauges below
  std::vector<QueuedRun> queued_;
  SchedulerGauges gauges_;
  std::vector<RecoveredSlot> reaped_;  // guarded by queue_mutex_
  bool fenced_ = false;
  DatabaseProbe database_probe_;  // /readyz's bounded look at the database
  std::unique_ptr<AdminServer> admin_;
};

/// /readyz's database checks: it answers, and its migrations are current.
ProbeAnswer check_database(Database& db, const SchemaSources& migrations);

}  // namespace govsync::host
