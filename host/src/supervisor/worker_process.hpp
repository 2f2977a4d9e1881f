#pragma once
// One worker process: govsync re-executed as `govsync worker` for one plugin,
// with its limits, and the channel to it.

#include <sys/types.h>

#include <memory>
#include <string>

#include "channel/frame_channel.hpp"
#include "common/result.hpp"
#include "loader/plugin_loader.hpp"
#include "supervisor/worker_limits.hpp"
#include "supervisor/worker_output.hpp"

namespace govsync::host {

class WorkerProcess;

/// A worker process, or why there is none.
struct StartedWorker {
  std::unique_ptr<WorkerProcess> worker;
  std::string error;
  /// The worker died (or hung) while loading or configuring its plugin: a crash of the plugin, not a refusal.
  bool died = false;
};

class WorkerProcess {
 public:
  /// Forks and executes a worker for the plugin file: RLIMIT_AS, no core
  /// dumps, PR_SET_PDEATHSIG, no_new_privs, a scrubbed environment, the
  /// channel as descriptor 3, stdout onto stderr. Call it from a thread that
  /// lives as long as the worker (the death signal follows the forking thread).
  static StartedWorker start(const std::filesystem::path& plugin, const WorkerLimits& limits);
  ~WorkerProcess();
  WorkerProcess(const WorkerProcess&) = delete;
  WorkerProcess& operator=(const WorkerProcess&) = delete;

  pid_t pid() const { return pid_; }
  channel::FrameChannel& channel() { return *channel_; }

  /// Reads the worker's hello: the plugin it loaded, or why not (a failure
  /// also when it died or said nothing within the limit).
  SingleLoad hello(std::chrono::milliseconds timeout);
  /// The next message that is not a log line (those are written to the log
  /// as the worker's), waiting at most `timeout` in all.
  channel::Received next_message(std::chrono::milliseconds timeout);
  /// True once the process has ended (it is not reaped: reap() words how).
  bool has_exited() const;
  /// True while it is alive and its channel has nothing to say (an idle
  /// worker that did is dead or broken, and is not reused).
  bool idle_and_healthy();
  /// Sends SIGKILL (once the process is known to be alive).
  void kill();
  /// Waits for the process to end, at most `grace`, then kills it; returns
  /// exit_words() of how it ended. Idempotent.
  std::string reap(std::chrono::milliseconds grace);
  /// Closes the channel (a worker between runs then exits 0) and reaps it.
  std::string stop(std::chrono::milliseconds grace);

  /// Runs done in this worker; the configuration it was given (its pool key).
  int runs = 0;
  std::string key;
  std::string plugin_name;

 private:
  WorkerProcess(pid_t pid, int fd, std::filesystem::path plugin, std::unique_ptr<WorkerOutput> output);

  pid_t pid_;
  std::unique_ptr<channel::FrameChannel> channel_;
  std::filesystem::path plugin_;
  bool reaped_ = false;
  std::string ended_;
  std::unique_ptr<WorkerOutput> output_;  // its stdout and stderr, logged; destroyed after the reap
};

}  // namespace govsync::host
