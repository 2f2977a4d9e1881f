#pragma once
// SIGINT, SIGTERM and SIGHUP as values: blocked in every thread and collected
// with sigtimedwait, so no handler runs in a signal context.

#include <chrono>
#include <csignal>
#include <optional>

namespace govsync::host {

class SignalWatcher {
 public:
  /// Blocks the signals in this thread and in every thread created after it:
  /// construct it first, before starting threads.
  SignalWatcher();
  /// The next signal, waiting at most `timeout`; nothing if none came.
  std::optional<int> wait(std::chrono::milliseconds timeout);

 private:
  sigset_t signals_{};
};

}  // namespace govsync::host
