// costs: the Cost Management query answers 204 No Content when it has no data
// for the scope. That is not an error: the run succeeds, and the stored costs
// of that subscription stay (a listing's 204 never reads as "everything gone").
#include "backend_param.hpp"
#include "emulator_config.hpp"

namespace govsync::test {
namespace {

std::string scenario(bool no_content) {
  return std::string(R"({"seed": 9, "tenants": [{"directory_id": "00000000-0000-0000-0000-000000000001",
      "client_id": "11111111-1111-1111-1111-111111111111", "subscriptions": 2, "cost_days": 3, "cost_groups": 2,
      "cost_no_content": )") +
         (no_content ? "true" : "false") + "}]}";
}

using CostNoContent = OnEachBackend;

TEST_P(CostNoContent, A204IsNoDataForTheScopeNotAFailureAndKeepsStoredCosts) {
  EmulatorProcess emulator(scenario(false));
  TestDatabase db(GetParam());
  TempDir dir;
  const auto config =
      emulator_config(dir, db, emulator, {"costs.so"}, "[domain.costs]\nenabled = true\nlookback_days = 3\n");
  const auto first = run_govsync({"run", "--config", config.string()});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  const auto stored = db.count("SELECT COUNT(*) FROM cost_daily");
  ASSERT_EQ(stored, 2 * 3 * 2);

  emulator.set_scenario(scenario(true));
  const auto second = run_govsync({"run", "--config", config.string()});
  EXPECT_EQ(second.exit_code, 0) << second.err;
  EXPECT_EQ(db.count("SELECT COUNT(*) FROM sync_runs WHERE status = 'succeeded'"), 2);
  EXPECT_EQ(db.count("SELECT COUNT(*) FROM cost_daily"), stored) << "a 204 deleted stored costs";
  EXPECT_NE(second.err.find("(HTTP 204); its stored costs are kept"), std::string::npos) << second.err;
}

GOVSYNC_ON_EACH_BACKEND(CostNoContent);

}  // namespace
}  // namespace govsync::test
