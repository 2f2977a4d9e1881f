#include "runs/owned_runs.hpp"

#include <algorithm>

namespace govsync::host {

void OwnedRuns::started(std::int64_t run_id) {
  std::lock_guard lock(mutex_);
  in_flight_.insert(run_id);
}

void OwnedRuns::stopped(std::int64_t run_id) {
  std::lock_guard lock(mutex_);
  in_flight_.erase(run_id);
}

std::vector<std::int64_t> OwnedRuns::in_flight() const {
  std::lock_guard lock(mutex_);
  return {in_flight_.begin(), in_flight_.end()};
}

void OwnedRuns::record_later(RunEnd end) {
  std::function<void()> wake;
  {
    std::lock_guard lock(mutex_);
    in_flight_.erase(end.run_id);
    // A later end of the same run (its thread returning after a timeout) does
    // not replace the first: the row keeps the reason it was given up for.
    const bool known =
        std::any_of(unrecorded_.begin(), unrecorded_.end(), [&](const RunEnd& e) { return e.run_id == end.run_id; });
    if (!known) unrecorded_.push_back(std::move(end));
    wake = wake_;
  }
  if (wake) wake();
}

std::vector<RunEnd> OwnedRuns::take_unrecorded() {
  std::lock_guard lock(mutex_);
  std::vector<RunEnd> taken;
  taken.swap(unrecorded_);
  return taken;
}

void OwnedRuns::give_back(std::vector<RunEnd> ends) {
  std::lock_guard lock(mutex_);
  for (auto& end : ends) {
    const bool known =
        std::any_of(unrecorded_.begin(), unrecorded_.end(), [&](const RunEnd& e) { return e.run_id == end.run_id; });
    if (!known) unrecorded_.push_back(std::move(end));
  }
}

std::size_t OwnedRuns::unrecorded() const {
  std::lock_guard lock(mutex_);
  return unrecorded_.size();
}

void OwnedRuns::on_unrecorded(std::function<void()> wake) {
  std::lock_guard lock(mutex_);
  wake_ = std::move(wake);
}

}  // namespace govsync::host
