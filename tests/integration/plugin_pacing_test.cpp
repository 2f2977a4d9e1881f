// The bundled plugins against the quotas Azure states and the waits it asks
// for (issue 19, items 2, 3 and 6): `govsync run` of costs under Cost
// Management's QPU quota and its own wait header, and of resources under a
// Resource Graph quota. No query is throttled by a quota, and every row arrives.
#include <gtest/gtest.h>

#include "emulator_config.hpp"

namespace govsync::test {
namespace {

std::string scenario(const std::string& fields) {
  return R"({"seed": 5, "tenants": [{"directory_id": "00000000-0000-0000-0000-000000000001",
      "client_id": "11111111-1111-1111-1111-111111111111", )" +
         fields + "}]}";
}

TEST(PluginPacing, CostsWaitOutCostManagementsHeaderAndStayWithinItsQpuQuota) {
  // Seven subscriptions, each queried for 30 days (two calendar months unless today is the 30th or later: two
  // QPU), are more than the 12 QPU per 10 s a tenant may spend. The tenant's first request is throttled with
  // only Cost Management's own header, and max_attempts = 1 leaves no retry but the one the header asks for.
  EmulatorProcess emulator(scenario(R"("subscriptions": 7, "cost_days": 30, "cost_groups": 1, "page_size": 100,
      "quota": {"cost_qpu": true},
      "faults": {"throttle_first": 1, "retry_after": "2",
                 "throttle_header": "x-ms-ratelimit-microsoft.costmanagement-qpu-retry-after"})"));
  TestDatabase db(Backend::sqlite);
  TempDir dir;
  const auto config = emulator_config(dir, db, emulator, {"costs.so"},
                                      "max_attempts = 1\n[domain.costs]\nenabled = true\nlookback_days = 30\n");
  const auto run = run_govsync({"run", "--config", config.string()});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_EQ(db.count("SELECT COUNT(*) FROM cost_daily"), 7 * 30);
  EXPECT_EQ(emulator.request_count("/", 429), 1U) << "only the injected throttling";
  EXPECT_EQ(emulator.request_count("Microsoft.CostManagement", 429), 0U);
  EXPECT_EQ(emulator.request_count("Microsoft.CostManagement", 200), 7U);
}

TEST(PluginPacing, ResourcesStayWithinTheResourceGraphQuota) {
  EmulatorProcess emulator(scenario(R"("subscriptions": 2, "resources_per_subscription": 9, "page_size": 2,
      "quota": {"graph_queries": 2, "graph_window_ms": 1500})"));
  TestDatabase db(Backend::sqlite);
  TempDir dir;
  const auto config = emulator_config(dir, db, emulator, {"resources.so"}, "[domain.resources]\nenabled = true\n");
  const auto run = run_govsync({"run", "--config", config.string()});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_EQ(db.count("SELECT COUNT(*) FROM resources"), 18);
  EXPECT_EQ(emulator.request_count("Microsoft.ResourceGraph", 429), 0U);
}

}  // namespace
}  // namespace govsync::test
