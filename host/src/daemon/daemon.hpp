#pragma once
// `govsync serve`: schedules every enabled (domain, tenant) slot, runs them
// on a bounded pool, times them out, and answers SIGTERM, SIGINT and SIGHUP.

#include <filesystem>
#include <list>
#include <memory>
#include <thread>

#include "cli/host_setup.hpp"
#include "daemon/signal_watcher.hpp"
#include "runs/run_control.hpp"
#include "runs/run_executor.hpp"
#include "schedule/schedule.hpp"

namespace govsync::host {

/// A configuration in force: runs keep the one they started with alive.
struct ActiveConfig {
  Settings settings;
  std::vector<BoundDomain> domains;
};

class Daemon {
 public:
  Daemon(std::filesystem::path config_file, PluginSetup plugins, DatabaseSetup database);
  /// Runs until SIGTERM or SIGINT; returns the exit code.
  int serve(SignalWatcher& signals);

 private:
  struct ActiveRun {
    SlotId slot;
    std::shared_ptr<const ActiveConfig> config;
    std::shared_ptr<RunControl> control;
    WallTime started;
    std::chrono::seconds timeout{0};
    std::thread thread;
    bool done = false;
    bool succeeded = false;
  };

  void dispatch(WallTime now);
  void collect_finished(WallTime now);
  void expire_overdue(WallTime now);
  void reload();
  int shut_down(SignalWatcher& signals, int signal);
  std::size_t busy() const;

  std::filesystem::path config_file_;
  PluginInventory inventory_;
  std::shared_ptr<const ActiveConfig> config_;
  DatabaseSetup database_;
  std::string owner_;
  RunExecutor executor_;
  Schedule schedule_;
  mutable std::mutex mutex_;  // guards each ActiveRun's done/succeeded
  std::list<ActiveRun> runs_;
};

}  // namespace govsync::host
