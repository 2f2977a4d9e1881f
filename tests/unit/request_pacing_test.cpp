// The throttling headers Azure documents, read, and the pacer that keeps a
// run's requests within the quotas they state. Time is passed in, so these
// tests do not sleep.
#include <gtest/gtest.h>

#include "azure/cost_management_quota.hpp"
#include "azure/request_pacer.hpp"
#include "azure/throttle_headers.hpp"

namespace govsync::host {
namespace {

using std::chrono::milliseconds;
using namespace std::chrono_literals;

constexpr milliseconds kLongest(120000);
const auto kNow = std::chrono::system_clock::now();

TEST(ThrottleHeaders, TheLongestStatedWaitWins) {
  EXPECT_EQ(requested_wait({{"retry-after", "2"}, {"x-ms-ratelimit-microsoft.costmanagement-qpu-retry-after", "10"}},
                           kNow, kLongest),
            milliseconds(10000));
  EXPECT_EQ(requested_wait({{"x-ms-ratelimit-microsoft.consumption-retry-after", "7"}}, kNow, kLongest),
            milliseconds(7000));
  EXPECT_EQ(requested_wait({{"x-ms-ratelimit-microsoft.costmanagement-clienttype-retry-after", "45"}}, kNow, kLongest),
            milliseconds(45000));
  EXPECT_EQ(requested_wait({{"x-ms-ratelimit-microsoft.costmanagement-qpu-retry-after", "99999"}}, kNow, 5s), 5s);
}

TEST(ThrottleHeaders, OtherHeadersAndUnreadableValuesAreNoWait) {
  EXPECT_FALSE(requested_wait({}, kNow, kLongest));
  EXPECT_FALSE(requested_wait({{"x-ms-ratelimit-remaining-subscription-reads", "11999"}}, kNow, kLongest));
  EXPECT_FALSE(requested_wait({{"x-ms-ratelimit-microsoft.costmanagement-qpu-retry-after", "soon"}}, kNow, kLongest));
}

TEST(ThrottleHeaders, ReadsResourceGraphAndArmQuotas) {
  const auto graph = quota_reading({{"x-ms-user-quota-remaining", "10"}, {"x-ms-user-quota-resets-after", "00:00:03"}});
  EXPECT_EQ(graph.window_remaining, 10);
  EXPECT_EQ(graph.window_resets_after, milliseconds(3000));
  const auto long_window =
      quota_reading({{"x-ms-user-quota-remaining", "0"}, {"x-ms-user-quota-resets-after", "01:02:03"}});
  EXPECT_EQ(long_window.window_resets_after, milliseconds((3600 + 120 + 3) * 1000));
  const auto arm = quota_reading(
      {{"x-ms-ratelimit-remaining-subscription-reads", "249"}, {"x-ms-ratelimit-remaining-tenant-reads", "17"}});
  EXPECT_EQ(arm.reads_remaining, 17);
  EXPECT_FALSE(arm.window_remaining);
}

TEST(ThrottleHeaders, AHalfStatedOrUnreadableQuotaIsNone) {
  EXPECT_TRUE(quota_reading({{"x-ms-user-quota-remaining", "3"}}).empty());  // no reset time
  EXPECT_TRUE(
      quota_reading({{"x-ms-user-quota-remaining", "-1"}, {"x-ms-user-quota-resets-after", "00:00:03"}}).empty());
  EXPECT_TRUE(quota_reading({{"x-ms-user-quota-remaining", "3"}, {"x-ms-user-quota-resets-after", "3s"}}).empty());
  EXPECT_TRUE(quota_reading({{"x-ms-ratelimit-remaining-subscription-reads", "many"}}).empty());
}

QuotaReading window(long long remaining, milliseconds resets_after) {
  QuotaReading reading;
  reading.window_remaining = remaining;
  reading.window_resets_after = resets_after;
  return reading;
}

TEST(RequestPacer, WaitsForTheWindowOnceItsQuotaIsSpent) {
  RequestPacer pacer;
  const auto t0 = RequestPacer::Clock::now();
  EXPECT_EQ(pacer.turn("rg", t0), 0ms);  // nothing known yet
  pacer.done("rg", window(1, 2000ms), t0);
  EXPECT_EQ(pacer.turn("rg", t0), 0ms);  // the last query of the window
  EXPECT_GT(pacer.turn("rg", t0), 0ms);  // one in flight uses it up
  pacer.done("rg", window(0, 2000ms), t0 + 10ms);
  const auto wait = pacer.turn("rg", t0 + 10ms);
  EXPECT_GE(wait, 2000ms);
  EXPECT_LE(wait, 2200ms);
  EXPECT_EQ(pacer.turn("rg", t0 + 10ms + wait), 0ms);  // a new window
  EXPECT_EQ(pacer.turn("other", t0), 0ms);             // scopes are apart
}

TEST(RequestPacer, WaitsForTheBucketToRefill) {
  RequestPacer pacer(20.0);
  const auto t0 = RequestPacer::Clock::now();
  QuotaReading empty_bucket;
  empty_bucket.reads_remaining = 0;
  ASSERT_EQ(pacer.turn("sub", t0), 0ms);
  pacer.done("sub", empty_bucket, t0);
  EXPECT_EQ(pacer.turn("sub", t0), 50ms);  // one token at 20 per second
  EXPECT_EQ(pacer.turn("sub", t0 + 50ms), 0ms);
  EXPECT_GT(pacer.turn("sub", t0 + 50ms), 0ms);  // that token is in flight
}

TEST(RequestPacer, ChargesABudgetAndWaitsForItsOldestChargesToAgeOut) {
  const std::vector<BudgetWindow> budget = {{std::chrono::seconds(10), 12}, {std::chrono::seconds(60), 60}};
  RequestPacer pacer;
  const auto t0 = RequestPacer::Clock::now();
  const RequestPacer::Charge three{3, &budget};
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(pacer.turn("cm", t0 + std::chrono::seconds(i), three), 0ms) << i;
    pacer.done("cm", {}, t0 + std::chrono::seconds(i));
  }
  // 12 of 12 spent: the fifth waits until the first (at t0) leaves the 10 s window.
  EXPECT_EQ(pacer.turn("cm", t0 + 4s, three), 6001ms);
  EXPECT_EQ(pacer.turn("cm", t0 + 10s + 1ms, three), 0ms);
  // A request larger than the whole window goes alone, once the window is empty.
  const RequestPacer::Charge huge{13, &budget};
  EXPECT_EQ(pacer.turn("big", t0, huge), 0ms);
  pacer.done("big", {}, t0);
  EXPECT_EQ(pacer.turn("big", t0 + 1s, three), 9001ms);
}

TEST(CostManagementQuota, ChargesOneUnitPerMonthAsked) {
  const std::string path = "/subscriptions/s/providers/Microsoft.CostManagement/query";
  EXPECT_EQ(
      cost_management_qpu(
          path, R"({"timeframe":"Custom","timePeriod":{"from":"2026-11-04T00:00:00Z","to":"2026-12-03T23:59:59Z"}})"),
      2);
  EXPECT_EQ(cost_management_qpu(path, R"({"timeframe":"Custom","timePeriod":{"from":"2025-12-01","to":"2026-12-31"}})"),
            13);
  EXPECT_EQ(cost_management_qpu(path, R"({"timeframe":"MonthToDate"})"), 1);
  EXPECT_EQ(cost_management_qpu(path, "not json"), 1);
  EXPECT_EQ(cost_management_qpu("/subscriptions/s/providers/Microsoft.CostManagement/exports", "{}"), 0);
  EXPECT_EQ(cost_management_qpu("/providers/Microsoft.ResourceGraph/resources", "{}"), 0);
}

TEST(RequestPacer, ScopesFollowTheServicesCounting) {
  EXPECT_EQ(RequestPacer::scope_of("https://management.azure.com:443",
                                   "/subscriptions/ABC/providers/Microsoft.Compute/disks"),
            "https://management.azure.com:443|abc");
  EXPECT_EQ(RequestPacer::scope_of("https://management.azure.com:443", "/providers/Microsoft.ResourceGraph/resources"),
            "https://management.azure.com:443|resource-graph");
  EXPECT_EQ(RequestPacer::scope_of("https://management.azure.com:443", "/subscriptions"),
            "https://management.azure.com:443|");
}

}  // namespace
}  // namespace govsync::host
