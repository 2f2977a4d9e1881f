#include "schedule/schedule.hpp"

#include <algorithm>

namespace govsync::host {

std::int64_t window_start_of(WallTime time, std::chrono::seconds interval) {
  const auto length = std::max<std::int64_t>(1, interval.count());
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(time.time_since_epoch()).count();
  return seconds - seconds % length;
}

Schedule::Schedule(std::uint64_t seed) : random_(seed) {}

const DomainTiming* Schedule::timing(const std::string& domain) const {
  const auto it = std::find_if(domains_.begin(), domains_.end(), [&](const auto& d) { return d.name == domain; });
  return it == domains_.end() ? nullptr : &*it;
}

std::chrono::seconds Schedule::jitter(const DomainTiming& t) {
  if (t.jitter.count() <= 0) return std::chrono::seconds(0);
  std::uniform_int_distribution<std::int64_t> spread(0, t.jitter.count());
  return std::chrono::seconds(spread(random_));
}

void Schedule::configure(const std::vector<DomainTiming>& domains, const std::vector<std::string>& tenants,
                         WallTime now, const std::map<SlotId, WallTime>& last_success) {
  std::map<SlotId, SlotState> next_slots;
  for (const auto& d : domains) {
    const auto* before = timing(d.name);
    for (const auto& tenant : tenants) {
      const SlotId id{d.name, tenant};
      if (const auto kept = slots_.find(id); kept != slots_.end() && before != nullptr) {
        auto state = kept->second;
        if (before->interval != d.interval && state.last_start && !state.running && state.retries_used == 0) {
          state.next = std::max(*state.last_start + d.interval, now);
        }
        next_slots.emplace(id, state);
        continue;
      }
      SlotState state;
      state.next = now + d.first_run_after;
      if (const auto success = last_success.find(id); success != last_success.end()) {
        state.next = std::max(state.next, success->second + d.interval);
        state.last_start = success->second;
      }
      next_slots.emplace(id, state);
    }
  }
  domains_ = domains;
  slots_ = std::move(next_slots);
}

std::vector<DueRun> Schedule::take_due(WallTime now, std::size_t limit) {
  std::vector<std::pair<WallTime, SlotId>> due;
  for (const auto& [id, state] : slots_) {
    if (!state.running && state.next <= now) due.emplace_back(state.next, id);
  }
  if (aligned_) {
    // Hosts of a cluster take slots due at the same time in orders of their
    // own, so they do not all race for the same claims.
    std::shuffle(due.begin(), due.end(), random_);
    std::stable_sort(due.begin(), due.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  } else {
    std::sort(due.begin(), due.end());
  }
  if (due.size() > limit) due.resize(limit);
  std::vector<DueRun> runs;
  for (const auto& [when, id] : due) {
    auto& state = slots_.at(id);
    state.running = true;
    state.last_start = now;
    runs.push_back(DueRun{id, state.retries_used > 0 ? "retry" : "schedule", static_cast<int>(state.retries_used) + 1});
  }
  return runs;
}

bool Schedule::start_now(const SlotId& slot, WallTime now) {
  const auto it = slots_.find(slot);
  if (it == slots_.end() || it->second.running) return false;
  it->second.running = true;
  it->second.last_start = now;
  return true;
}

std::size_t Schedule::due_count(WallTime now) const {
  return static_cast<std::size_t>(std::count_if(slots_.begin(), slots_.end(), [&](const auto& entry) {
    return !entry.second.running && entry.second.next <= now;
  }));
}

void Schedule::finished(const SlotId& slot, WallTime started, WallTime now, bool succeeded) {
  const auto it = slots_.find(slot);
  if (it == slots_.end()) return;  // the slot was removed by a reload while it ran
  const auto* t = timing(slot.domain);
  auto& state = it->second;
  state.running = false;
  const WallTime regular =
      aligned_ ? WallTime(std::chrono::seconds(window_start_of(started, t->interval) + t->interval.count()))
               : std::max(started + t->interval + jitter(*t), now);
  if (succeeded || state.retries_used >= t->retry.size()) {
    state.retries_used = 0;
    state.next = regular;
    return;
  }
  const WallTime retry_at = now + t->retry[state.retries_used];
  if (retry_at >= regular) {
    state.retries_used = 0;
    state.next = regular;
    return;
  }
  ++state.retries_used;
  state.next = retry_at;
}

void Schedule::replay_finished(const SlotId& slot, WallTime started, WallTime ended, int attempt, bool succeeded) {
  const auto it = slots_.find(slot);
  if (it == slots_.end() || it->second.running) return;
  it->second.running = true;
  it->second.last_start = started;
  it->second.retries_used = static_cast<std::size_t>(std::max(0, attempt - 1));
  finished(slot, started, ended, succeeded);
}

std::optional<WallTime> Schedule::next_due(const SlotId& slot) const {
  const auto it = slots_.find(slot);
  if (it == slots_.end() || it->second.running) return std::nullopt;
  return it->second.next;
}

std::optional<WallTime> Schedule::earliest() const {
  std::optional<WallTime> first;
  for (const auto& [id, state] : slots_) {
    if (!state.running && (!first || state.next < *first)) first = state.next;
  }
  return first;
}

bool Schedule::running(const SlotId& slot) const {
  const auto it = slots_.find(slot);
  return it != slots_.end() && it->second.running;
}

std::vector<SlotId> Schedule::slots() const {
  std::vector<SlotId> ids;
  for (const auto& [id, state] : slots_) ids.push_back(id);
  return ids;
}

}  // namespace govsync::host
