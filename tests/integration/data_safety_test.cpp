// Never lose data: what delete-unseen may remove. A bogus 2xx page, a mass
// deletion, or a subscription typo in the configuration fails the run and
// deletes nothing. `govsync run` (the real binary, the real plugin libraries)
// against the emulator over HTTP, on both backends.
#include <Poco/JSON/Object.h>

#include <algorithm>
#include <cctype>

#include "backend_param.hpp"
#include "test_paths.hpp"

namespace govsync::test {
namespace {

// One tenant with two subscriptions; `extra` adds or overrides fields.
std::string scenario(const std::string& extra = "") {
  return R"({"seed": 17, "tenants": [{"directory_id": "00000000-0000-0000-0000-000000000001",
             "client_id": "11111111-1111-1111-1111-111111111111", "subscriptions": 2,
             "policy_states_per_subscription": 15, "resources_per_subscription": 20, "users": 9, "guests": 2,
             "directory_roles": 1, "members_per_role": 1, "cost_days": 5, "cost_groups": 3, "page_size": 6)" +
         (extra.empty() ? "" : ", " + extra) + "}]}";
}

// Tenant fields whose every paged listing answers `body` with 200 in place of its page 2.
std::string bogus_page_two(const std::string& body) {
  Poco::JSON::Object faults;
  faults.set("bogus_page", 2);
  faults.set("bogus_body", body);
  std::ostringstream text;
  faults.stringify(text);
  return R"("faults": )" + text.str();
}

class DataSafety : public OnEachBackend {
 protected:
  void SetUp() override {
    emulator_ = std::make_unique<EmulatorProcess>(scenario());
    const auto plugins = dir_ / "plugins";
    std::filesystem::create_directories(plugins);
    for (const char* name : {"compliance.so", "costs.so", "identity.so", "resources.so"}) {
      std::filesystem::copy_file(std::filesystem::path(GOVSYNC_TEST_PLUGIN_BUILD_DIR) / name, plugins / name);
    }
    configure("");
  }
  // The configuration, with `tenant_keys` added to [tenant.t1] and `cost_keys` to [domain.costs].
  void configure(const std::string& tenant_keys, const std::string& cost_keys = "") {
    auto config = write_config(dir_, db_.url(), dir_ / "plugins", 1,
                               "[azure]\nauthority = " + emulator_->base_url() +
                                   "\nmanagement = " + emulator_->base_url() + "\ngraph = " + emulator_->base_url() +
                                   "\nmax_retry_time = 2s\n[domain.compliance]\nenabled = true\n"
                                   "[domain.identity]\nenabled = true\n[domain.resources]\nenabled = true\n"
                                   "[domain.costs]\nenabled = true\n" +
                                   cost_keys);
    if (!tenant_keys.empty()) {
      auto text = read_file(config);
      const auto section = text.find("[tenant.t1]\n");
      text.insert(section + std::string("[tenant.t1]\n").size(), tenant_keys + "\n");
      write_file(config, text);
    }
    config_ = config;
  }
  CommandResult run(const std::vector<std::string>& extra = {}) {
    std::vector<std::string> args{"run", "--config", config_.string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_govsync(args);
  }
  std::int64_t rows(const std::string& table) { return db_.count("SELECT COUNT(*) FROM " + table); }
  std::vector<std::int64_t> stored() {
    return {rows("policy_states"), rows("resources"), rows("identity_users"), rows("identity_mfa_registrations"),
            rows("cost_daily")};
  }

  TestDatabase db_{GetParam()};
  TempDir dir_;
  std::unique_ptr<EmulatorProcess> emulator_;
  std::filesystem::path config_;
};

TEST_P(DataSafety, ABogusSuccessPageFailsTheRunAndDeletesNothing) {
  const auto first = run();
  ASSERT_EQ(first.exit_code, 0) << first.out << first.err;
  const std::vector<std::int64_t> before{2 * 15, 2 * 20, 11, 11, 2 * 5 * 3};
  ASSERT_EQ(stored(), before);
  // Page 2 of every listing (policy states, Resource Graph, users) is a 200 that is no page.
  for (const std::string body : {R"({})", R"({"value": null, "data": null})",
                                 R"({"error": {"code": "InternalServerError", "message": "Please retry."}})",
                                 R"({"count": 0, "data": {"columns": [], "rows": []}})"}) {
    emulator_->set_scenario(scenario(bogus_page_two(body)));
    const auto result = run();
    EXPECT_EQ(result.exit_code, 1) << body << "\n" << result.out << result.err;
    EXPECT_EQ(stored(), before) << "rows were deleted after the bogus page " << body;
    EXPECT_NE(result.err.find("deletes nothing"), std::string::npos) << result.err;
  }
  EXPECT_EQ(db_.count("SELECT COUNT(*) FROM sync_runs WHERE status = 'failed'"), 4 * 4);
}

TEST_P(DataSafety, AMassDeletionIsRefusedUntilAllowedOnce) {
  ASSERT_EQ(run().exit_code, 0);
  ASSERT_EQ(rows("resources"), 40);
  // Azure lists 5 of each subscription's 20 resources: 30 of 40 would go.
  emulator_->set_scenario(scenario(R"("removed_resources": 15)"));
  const auto refused = run({"--domain", "resources"});
  EXPECT_EQ(refused.exit_code, 1) << refused.out << refused.err;
  EXPECT_EQ(rows("resources"), 40) << "the refused deletion was committed";
  EXPECT_EQ(
      db_.count("SELECT COUNT(*) FROM sync_runs WHERE domain = 'resources' AND status = 'failed' AND error "
                "LIKE 'mass deletion refused: this run would delete 30 of the 40 rows of tenant t1 in resources%'"),
      1)
      << refused.err;
  EXPECT_NE(refused.err.find("--allow-mass-delete"), std::string::npos) << refused.err;

  const auto allowed = run({"--domain", "resources", "--allow-mass-delete"});
  EXPECT_EQ(allowed.exit_code, 0) << allowed.out << allowed.err;
  EXPECT_EQ(rows("resources"), 10);
}

TEST_P(DataSafety, SubscriptionsInTheConfigurationMatchWhateverTheirCase) {
  ASSERT_EQ(run().exit_code, 0);
  auto subscription = db_.text("SELECT MIN(subscription_id) FROM policy_states");
  std::transform(subscription.begin(), subscription.end(), subscription.begin(),
                 [](unsigned char c) { return std::toupper(c); });
  configure("subscriptions = " + subscription);  // as the portal shows it
  const auto result = run({"--domain", "compliance"});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_EQ(rows("policy_states"), 15) << "the configured subscription's rows must stay, the other's go";
}

TEST_P(DataSafety, ASubscriptionAzureDoesNotListFailsTheRunAndDeletesNothing) {
  ASSERT_EQ(run().exit_code, 0);
  configure("subscriptions = 6f1c4f2e-0000-4000-8000-00000000abcd");
  const auto result = run({"--domain", "compliance", "--domain", "resources"});
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_EQ(rows("policy_states"), 30);
  EXPECT_EQ(rows("resources"), 40);
  EXPECT_EQ(db_.count("SELECT COUNT(*) FROM sync_runs WHERE status = 'failed' AND error LIKE "
                      "'%subscription 6f1c4f2e-0000-4000-8000-00000000abcd (in [tenant.t1] subscriptions) is not "
                      "among the subscriptions Azure lists%'"),
            2);
}

TEST_P(DataSafety, CostsAzureNoLongerReturnsForTheDaysAskedForAreDeletedAndOlderDaysKept) {
  ASSERT_EQ(run({"--domain", "costs"}).exit_code, 0);
  ASSERT_EQ(rows("cost_daily"), 2 * 5 * 3);
  const auto total = db_.real("SELECT SUM(cost) FROM cost_daily");
  // Azure restates: one (resource group, service) of each day is gone. The run asks for 3 days only.
  emulator_->set_scenario(scenario(R"("cost_groups": 2)"));
  configure("", "lookback_days = 3\n");
  const auto result = run({"--domain", "costs"});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  // Per subscription: 3 days asked for with 2 groups, 2 older days with their 3 groups kept.
  EXPECT_EQ(rows("cost_daily"), 2 * (3 * 2 + 2 * 3));
  EXPECT_LT(db_.real("SELECT SUM(cost) FROM cost_daily"), total) << "a restated day must not add up old rows";
}

TEST_P(DataSafety, CostsOfASubscriptionNoLongerReadAreKept) {
  ASSERT_EQ(run({"--domain", "costs"}).exit_code, 0);
  ASSERT_EQ(rows("cost_daily"), 2 * 5 * 3);
  // The operator narrows the tenant to one subscription: the other's costs are history, not gone.
  const auto kept = db_.text("SELECT MIN(subscription_id) FROM cost_daily");
  const auto read = db_.text("SELECT MAX(subscription_id) FROM cost_daily");
  configure("subscriptions = " + read);
  const auto result = run({"--domain", "costs"});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_EQ(db_.count("SELECT COUNT(*) FROM cost_daily WHERE subscription_id = '" + kept + "'"), 5 * 3);
  EXPECT_EQ(rows("cost_daily"), 2 * 5 * 3);
}

GOVSYNC_ON_EACH_BACKEND(DataSafety);

}  // namespace
}  // namespace govsync::test
