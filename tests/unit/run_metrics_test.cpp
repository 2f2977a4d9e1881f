// The gauges the shipped Prometheus alert rules read: each scheduled pair's
// interval, the process start time and readiness.
#include "metrics/run_metrics.hpp"

#include <gtest/gtest.h>

namespace govsync::host {
namespace {

bool has_line(const std::string& text, const std::string& line) {
  return ("\n" + text).find("\n" + line + "\n") != std::string::npos;
}

TEST(RunMetrics, EveryScheduledPairHasItsIntervalAndGoneOnesLoseIt) {
  RunMetrics metrics("host-a");
  SchedulerGauges gauges;
  gauges.intervals[{"costs", "t1"}] = std::chrono::hours(4);
  gauges.intervals[{"dmarc", "t2"}] = std::chrono::minutes(30);
  auto text = metrics.render(gauges, true);
  EXPECT_TRUE(has_line(text, R"(govsync_schedule_interval_seconds{domain="costs",tenant="t1"} 14400)")) << text;
  EXPECT_TRUE(has_line(text, R"(govsync_schedule_interval_seconds{domain="dmarc",tenant="t2"} 1800)")) << text;

  gauges.intervals.erase({"dmarc", "t2"});  // a reload removed the pair
  text = metrics.render(gauges, true);
  EXPECT_EQ(text.find(R"(govsync_schedule_interval_seconds{domain="dmarc")"), std::string::npos) << text;
}

TEST(RunMetrics, ReadinessAndStartTimeAreGauges) {
  const auto before = std::chrono::duration<double>(WallClock::now().time_since_epoch()).count();
  RunMetrics metrics("host-a");
  EXPECT_TRUE(has_line(metrics.render({}, true), "govsync_ready 1"));
  const auto text = metrics.render({}, false);
  EXPECT_TRUE(has_line(text, "govsync_ready 0")) << text;
  const auto at = text.find("\ngovsync_start_time_seconds ");
  ASSERT_NE(at, std::string::npos) << text;
  const auto started = std::stod(text.substr(at + std::string("\ngovsync_start_time_seconds ").size()));
  EXPECT_GE(started, before - 1);
  EXPECT_LE(started, before + 60);
}

}  // namespace
}  // namespace govsync::host
