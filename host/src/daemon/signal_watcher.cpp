#include "daemon/signal_watcher.hpp"

#include <pthread.h>

#include <cerrno>
#include <ctime>

namespace govsync::host {

SignalWatcher::SignalWatcher() {
  sigemptyset(&signals_);
  sigaddset(&signals_, SIGINT);
  sigaddset(&signals_, SIGTERM);
  sigaddset(&signals_, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &signals_, nullptr);
}

std::optional<int> SignalWatcher::wait(std::chrono::milliseconds timeout) {
  timespec wait_for{};
  wait_for.tv_sec = static_cast<time_t>(timeout.count() / 1000);
  wait_for.tv_nsec = static_cast<long>((timeout.count() % 1000) * 1000000);
  const int signal = sigtimedwait(&signals_, nullptr, &wait_for);
  if (signal < 0) return std::nullopt;  // EAGAIN (timeout) or EINTR
  return signal;
}

}  // namespace govsync::host
