#include "schedule/schedule.hpp"

#include <gtest/gtest.h>

#include "config/config_loader.hpp"
#include "schedule/domain_timing.hpp"
#include "test_support.hpp"

namespace govsync::host {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

const WallTime kStart = WallTime(std::chrono::hours(24 * 365 * 50));

DomainTiming timing(const std::string& name, seconds interval, seconds first, std::vector<seconds> retry = {}) {
  DomainTiming t;
  t.name = name;
  t.interval = interval;
  t.first_run_after = first;
  t.retry = std::move(retry);
  return t;
}

TEST(Schedule, NeverSucceededSlotsAreDueAtTheirDomainsFirstSlot) {
  Schedule s(1);
  s.configure({timing("a", hours(4), seconds(0)), timing("b", hours(4), seconds(15))}, {"t1", "t2"}, kStart, {});
  EXPECT_EQ(s.next_due({"a", "t1"}), kStart);
  EXPECT_EQ(s.next_due({"b", "t2"}), kStart + seconds(15));
  const auto due = s.take_due(kStart, 10);
  ASSERT_EQ(due.size(), 2U);
  EXPECT_EQ(due[0].slot.domain, "a");
  EXPECT_EQ(due[0].trigger, "schedule");
  EXPECT_EQ(s.take_due(kStart + seconds(15), 10).size(), 2U);
}

TEST(Schedule, FreshDataWaitsForLastSuccessPlusInterval) {
  Schedule s(1);
  s.configure({timing("a", hours(4), seconds(0))}, {"t1", "t2"}, kStart, {{{"a", "t1"}, kStart - hours(1)}});
  EXPECT_EQ(s.next_due({"a", "t1"}), kStart + hours(3));
  EXPECT_EQ(s.next_due({"a", "t2"}), kStart);  // never succeeded: at once
}

TEST(Schedule, ARunningSlotIsNeverDueAndMissedIntervalsRunOnce) {
  Schedule s(1);
  s.configure({timing("a", seconds(60), seconds(0))}, {"t1"}, kStart, {});
  ASSERT_EQ(s.take_due(kStart, 10).size(), 1U);
  EXPECT_TRUE(s.running({"a", "t1"}));
  EXPECT_TRUE(s.take_due(kStart + hours(1), 10).empty());    // a long run is never started twice
  s.finished({"a", "t1"}, kStart, kStart + hours(1), true);  // it took an hour: 59 intervals missed
  EXPECT_EQ(s.next_due({"a", "t1"}), kStart + hours(1));     // due now, once
  ASSERT_EQ(s.take_due(kStart + hours(1), 10).size(), 1U);
  s.finished({"a", "t1"}, kStart + hours(1), kStart + hours(1) + seconds(5), true);
  EXPECT_EQ(s.next_due({"a", "t1"}), kStart + hours(1) + seconds(60));
}

TEST(Schedule, ARunAskedForNowTakesAnIdleSlotAndRestartsItsInterval) {
  Schedule s(1);
  s.configure({timing("a", hours(4), seconds(0))}, {"t1"}, kStart, {{{"a", "t1"}, kStart - hours(1)}});
  EXPECT_FALSE(s.start_now({"a", "unknown"}, kStart));
  ASSERT_TRUE(s.start_now({"a", "t1"}, kStart));
  EXPECT_FALSE(s.start_now({"a", "t1"}, kStart)) << "one run per (domain, tenant)";
  EXPECT_TRUE(s.take_due(kStart + hours(5), 10).empty());
  s.finished({"a", "t1"}, kStart, kStart + seconds(10), true);
  EXPECT_EQ(s.next_due({"a", "t1"}), kStart + hours(4));
}

TEST(Schedule, FailedRunsAreRetriedWithBackoffBeforeTheNextInterval) {
  Schedule s(1);
  s.configure({timing("a", hours(4), seconds(0), {minutes(1), minutes(5)})}, {"t1"}, kStart, {});
  s.take_due(kStart, 1);
  s.finished({"a", "t1"}, kStart, kStart + seconds(10), false);
  EXPECT_EQ(s.next_due({"a", "t1"}), kStart + seconds(10) + minutes(1));
  auto retry = s.take_due(kStart + minutes(2), 1);
  ASSERT_EQ(retry.size(), 1U);
  EXPECT_EQ(retry[0].trigger, "retry");
  EXPECT_EQ(retry[0].attempt, 2);
  s.finished({"a", "t1"}, kStart + minutes(2), kStart + minutes(2), false);
  EXPECT_EQ(s.next_due({"a", "t1"}), kStart + minutes(7));
  s.take_due(kStart + minutes(7), 1);
  s.finished({"a", "t1"}, kStart + minutes(7), kStart + minutes(7), false);  // retries used up
  EXPECT_EQ(s.next_due({"a", "t1"}), kStart + minutes(7) + hours(4));
}

TEST(Schedule, ARetryLaterThanTheNextIntervalWaitsForTheInterval) {
  Schedule s(1);
  s.configure({timing("a", minutes(2), seconds(0), {minutes(15)})}, {"t1"}, kStart, {});
  s.take_due(kStart, 1);
  s.finished({"a", "t1"}, kStart, kStart + seconds(5), false);
  EXPECT_EQ(s.next_due({"a", "t1"}), kStart + minutes(2));
}

TEST(Schedule, ReconfigureKeepsDropsAndAddsSlots) {
  Schedule s(1);
  s.configure({timing("a", hours(1), seconds(0)), timing("b", hours(1), seconds(0))}, {"t1"}, kStart, {});
  s.take_due(kStart, 10);
  s.finished({"a", "t1"}, kStart, kStart, true);
  s.configure({timing("a", hours(1), seconds(0)), timing("c", hours(1), seconds(30))}, {"t1"}, kStart + minutes(5), {});
  EXPECT_EQ(s.next_due({"a", "t1"}), kStart + hours(1));  // kept
  EXPECT_FALSE(s.next_due({"b", "t1"}).has_value());      // dropped
  EXPECT_EQ(s.next_due({"c", "t1"}), kStart + minutes(5) + seconds(30));
  s.finished({"b", "t1"}, kStart, kStart + minutes(6), true);  // a run of a dropped slot ends: ignored
  EXPECT_EQ(s.slots().size(), 2U);
}

TEST(Schedule, TheExampleConfigGivesEveryEnabledDomainAFirstRunWithinAMinute) {
  const auto settings = load_settings(test::source_dir() / "examples" / "govsync.example.ini");
  ASSERT_TRUE(settings.ok()) << settings.error().message;
  const auto timings = domain_timings(*settings);
  ASSERT_EQ(timings.size(), 5U);
  Schedule s(1);
  s.configure(timings, {"t1"}, kStart, {});
  for (const auto& t : timings) {
    const auto due = s.next_due({t.name, "t1"});
    ASSERT_TRUE(due.has_value()) << t.name;
    EXPECT_LE(*due - kStart, seconds(60)) << t.name;
  }
}

}  // namespace
}  // namespace govsync::host
