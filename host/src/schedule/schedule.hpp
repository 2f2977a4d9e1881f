#pragma once
// When each (domain, tenant) slot runs next. Pure logic: no threads, no clock.
//
// Rules (the system govsync replaces left dashboards empty for hours after a
// deployment because interval jobs had no first run time):
// - every domain's first slot is start + offset, else start + position × stagger;
// - a slot that never succeeded is due at its domain's first slot;
// - a slot with fresh data waits for its last success + interval, so restarts
//   do not hammer the APIs;
// - the next run is due interval after this one started; if that is already
//   past, it is due now, once: missed intervals never replay;
// - a failed run is retried after each `retry` delay in turn, unless the next
//   interval comes first; then the retry count starts again;
// - a slot that is running is never due.

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace govsync::host {

using WallClock = std::chrono::system_clock;
using WallTime = WallClock::time_point;

struct SlotId {
  std::string domain;
  std::string tenant;
  auto operator<=>(const SlotId&) const = default;
};

/// The interval window a time falls in (windows are multiples of the
/// interval since the Unix epoch): its start, in Unix seconds.
std::int64_t window_start_of(WallTime time, std::chrono::seconds interval);

/// A domain's timing, from its configuration.
struct DomainTiming {
  std::string name;
  std::chrono::seconds interval{4 * 3600};
  std::chrono::seconds first_run_after{0};  // offset, or position × stagger
  std::vector<std::chrono::seconds> retry;
  std::chrono::seconds jitter{0};
};

/// A slot to start now.
struct DueRun {
  SlotId slot;
  std::string trigger;  // "schedule" or "retry"
  int attempt = 1;
};

class Schedule {
 public:
  explicit Schedule(std::uint64_t seed = std::random_device{}());

  /// Sets the domains and tenants. Slots that stay keep their state (their
  /// next time is recomputed if the interval changed); new slots follow the
  /// first-run rules with `now` as the start; slots that go are forgotten.
  /// last_success: when each slot last started a run that succeeded.
  void configure(const std::vector<DomainTiming>& domains, const std::vector<std::string>& tenants, WallTime now,
                 const std::map<SlotId, WallTime>& last_success);

  /// Marks up to `limit` due slots as running and returns them, earliest first.
  std::vector<DueRun> take_due(WallTime now, std::size_t limit);
  /// Cluster mode: a finished run's next time is the start of the next
  /// interval window (multiples of the interval since the Unix epoch), the
  /// same on every host, so every window is tried by every host; slots due
  /// at the same time are taken in a random order.
  void align_to_windows(bool aligned) { aligned_ = aligned; }

  /// Marks an idle slot as running for a run asked for outside the schedule
  /// (the admin API); false when the slot is unknown or already running.
  bool start_now(const SlotId& slot, WallTime now);
  /// Slots that are due but not started (waiting for capacity).
  std::size_t due_count(WallTime now) const;

  /// A run of the slot ended; `started` is when it started.
  void finished(const SlotId& slot, WallTime started, WallTime now, bool succeeded);
  /// Puts an idle slot where finished() left it when a run of it ended at
  /// `ended` (`attempt`: 1 for a first try, n for the (n-1)th retry), so a
  /// reader of the ledger (`govsync status`) sees the retry or interval the
  /// daemon waits for.
  void replay_finished(const SlotId& slot, WallTime started, WallTime ended, int attempt, bool succeeded);

  /// When the slot is next due (nothing while it runs or if it is unknown).
  std::optional<WallTime> next_due(const SlotId& slot) const;
  /// The earliest time any idle slot is due.
  std::optional<WallTime> earliest() const;
  bool running(const SlotId& slot) const;
  std::vector<SlotId> slots() const;

 private:
  struct SlotState {
    WallTime next;
    bool running = false;
    std::size_t retries_used = 0;
    std::optional<WallTime> last_start;
  };
  const DomainTiming* timing(const std::string& domain) const;
  std::chrono::seconds jitter(const DomainTiming& timing);

  std::vector<DomainTiming> domains_;
  std::map<SlotId, SlotState> slots_;
  std::mt19937_64 random_;
  bool aligned_ = false;
};

}  // namespace govsync::host
