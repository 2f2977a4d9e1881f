#pragma once
// What a worker process writes to its stdout or stderr (a plugin's own
// prints, a library's warnings, the C runtime's last words before an abort),
// read from a pipe and logged line by line through the supervisor's log, so
// that every line govsync writes is in the configured log format.

#include <sys/types.h>

#include <atomic>
#include <string>
#include <string_view>
#include <thread>

namespace govsync::host {

class WorkerOutput {
 public:
  /// A pipe whose read end a thread of its own reads; lines are logged as
  /// written by `plugin`'s worker. Throws std::system_error when the pipe or
  /// the thread cannot be made (the worker then writes to the supervisor's
  /// stderr as it is).
  explicit WorkerOutput(std::string plugin);
  /// Reads what is left (for at most a second), then stops the thread and closes the pipe.
  ~WorkerOutput();
  WorkerOutput(const WorkerOutput&) = delete;
  WorkerOutput& operator=(const WorkerOutput&) = delete;

  /// The write end, for the worker's fds 1 and 2 (close-on-exec, above 9).
  int write_end() const { return write_fd_; }
  /// Once the worker has its copy: closes the supervisor's write end and names the worker's pid.
  void started(pid_t pid);

 private:
  void read_lines();
  void log_line(std::string_view line) const;

  std::string plugin_;
  int read_fd_ = -1;
  int write_fd_ = -1;
  std::atomic<pid_t> pid_{0};
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace govsync::host
