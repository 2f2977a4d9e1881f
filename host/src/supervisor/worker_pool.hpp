#pragma once
// Worker processes by plugin and configuration: reused across runs so the
// library and database sessions stay warm, recycled after max_runs or when
// they grew, probed once to describe a plugin file.

#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <vector>

#include "channel/messages.hpp"
#include "supervisor/spawn_thread.hpp"
#include "supervisor/worker_process.hpp"

namespace govsync::host {

class WorkerPool {
 public:
  /// Keeps at most max_idle workers waiting between runs.
  WorkerPool(WorkerLimits limits, std::size_t max_idle);
  /// Stops every idle worker.
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  const WorkerLimits& limits() const { return limits_; }

  /// A configured worker for the plugin file: an idle one given the same
  /// configuration, or a new one (hello, then configure). An Error says why
  /// none could be had (the plugin refused its configuration, the worker died).
  StartedWorker acquire(const std::filesystem::path& plugin, const channel::WorkerConfiguration& configuration);
  /// A worker back from a run: kept for the next run when `reusable` and under
  /// its limits, else stopped.
  void release(std::unique_ptr<WorkerProcess> worker, bool reusable);
  /// A worker that died or is being killed: no longer this pool's to kill.
  void forget(const WorkerProcess& worker);

  /// Loads the file in a short-lived worker: its description, or why it
  /// cannot load (a crash in dlopen or a constructor is reported, never felt).
  SingleLoad probe(const std::filesystem::path& file);
  /// Configures the plugin in a short-lived worker: "" when it accepts, else its refusal.
  std::string check_configuration(const std::filesystem::path& file, const channel::WorkerConfiguration& configuration);

  /// Stops every idle worker (a reload may have changed what they were given).
  void retire_idle();
  /// SIGKILLs every worker that is running a run (shutdown past its grace).
  void kill_busy();

 private:
  StartedWorker start(const std::filesystem::path& plugin);
  /// hello and configure on a new worker; "" or why it is unusable.
  std::string introduce(WorkerProcess& worker, const channel::WorkerConfiguration& configuration);

  WorkerLimits limits_;
  std::size_t max_idle_;
  SpawnThread spawner_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<WorkerProcess>> idle_;  // oldest first
  std::set<pid_t> busy_;
};

/// The key a worker is reused under: the plugin file and all it was told but
/// the schema, which is the same for every worker of one supervisor.
std::string worker_key(const std::filesystem::path& plugin, const channel::WorkerConfiguration& configuration);

}  // namespace govsync::host
