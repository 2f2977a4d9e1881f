#pragma once
// Child processes for the benchmarks: started with their output in a log
// file, waited for with their resource usage (peak RSS).

#include <atomic>
#include <chrono>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

namespace govsync::bench {

/// How a finished child process ended and what it used.
struct Finished {
  int exit_code = -1;     // exit status, or 128 + signal
  double seconds = 0;     // wall time from start to exit
  long peak_rss_kib = 0;  // the child's high-water resident set size (VmHWM), sampled every 10 ms
  /// The most memory the child and its own children (worker processes) held at once: their proportional set
  /// sizes summed (shared library pages counted once in all), sampled every 10 ms.
  long peak_tree_rss_kib = 0;
};

/// A program running as a child process, stdout and stderr appended to `log`.
/// Killed (SIGKILL) and reaped when destroyed while still running.
class Child {
 public:
  Child(const std::filesystem::path& program, const std::vector<std::string>& args, const std::filesystem::path& log);
  ~Child();
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  /// When the child was started.
  std::chrono::steady_clock::time_point started() const { return started_; }
  void signal(int signal) const;
  /// Waits for the child to exit.
  Finished wait();
  bool running() const { return pid_ > 0; }
  /// The child's process id (-1 once it was waited for).
  int pid() const { return pid_; }

 private:
  int pid_ = -1;
  std::chrono::steady_clock::time_point started_;
  std::atomic<long> peak_rss_kib_{0};
  std::atomic<long> peak_tree_rss_kib_{0};
  std::jthread sampler_;  // reads the child's VmHWM every 10 ms until it exits
};

/// Runs the govsync binary under test to completion, its output in `log`.
Finished run_govsync_measured(const std::vector<std::string>& args, const std::filesystem::path& log);

/// Seconds since `since`.
double seconds_since(std::chrono::steady_clock::time_point since);

}  // namespace govsync::bench
