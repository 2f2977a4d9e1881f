#include "runs/run_control.hpp"

namespace govsync::host {

void RunControl::cancel(const std::string& reason) {
  {
    std::lock_guard lock(mutex_);
    if (reason_.empty()) reason_ = reason;
  }
  cancelled_.store(true);
}

std::string RunControl::reason() const {
  std::lock_guard lock(mutex_);
  return reason_.empty() ? "cancelled" : reason_;
}

bool RunControl::begin_commit() {
  int expected = kRunning;
  return state_.compare_exchange_strong(expected, kCommitting);
}

bool RunControl::expire() {
  int expected = kRunning;
  return state_.compare_exchange_strong(expected, kExpired);
}

}  // namespace govsync::host
