// The bundled domain plugins end to end: `govsync run` (the real binary, the
// real plugin libraries) against the emulator over HTTP, on both backends.
#include <Poco/JSON/Parser.h>

#include "backend_param.hpp"
#include "test_paths.hpp"

namespace govsync::test {
namespace {

std::string tenant_json(int n, const std::string& extra, int resources = 8) {
  return R"({"directory_id": "00000000-0000-0000-0000-00000000000)" + std::to_string(n) +
         R"(", "client_id": "11111111-1111-1111-1111-111111111111", "client_secret": "not-a-real-secret-)" +
         std::to_string(n) + R"(", "subscriptions": 2, "policy_states_per_subscription": 15,
         "resources_per_subscription": )" +
         std::to_string(resources) + R"(, "cost_days": 5, "cost_groups": 3, "users": 9, "guests": 2,
         "directory_roles": 2, "members_per_role": 2, "page_size": 6, "domains": ["t)" +
         std::to_string(n) + R"(.example"], "dmarc_reports": [")" + std::string(GOVSYNC_TEST_SOURCE_DIR) +
         R"(/tests/dmarc/samples/nice-input.xml.gz"])" + (extra.empty() ? "" : ", " + extra) + "}";
}

// Tenant 5 has every kind the orphan rule reads: two blocks of 17 kinds per
// subscription, the first in use, the second orphaned (tests/emulator/README.md).
constexpr int kKindsResources = 34;

std::string scenario(const std::string& t4_extra = "") {
  return R"({"seed": 11, "tenants": [)" + tenant_json(1, R"("faults": {"forbidden_paths": ["secureScores"]})") + "," +
         tenant_json(2, R"("oversized": {"length": 5000, "multibyte": true})") + "," +
         tenant_json(3, R"("faults": {"status_for_all": 500})") + "," + tenant_json(4, t4_extra) + "," +
         tenant_json(5, R"("sign_in_activity_forbidden": true, "orphan_kinds": true)", kKindsResources) + "]}";
}

class DomainPlugins : public OnEachBackend {
 protected:
  void SetUp() override {
    emulator_ = std::make_unique<EmulatorProcess>(scenario());
    const auto plugins = dir_ / "plugins";
    std::filesystem::create_directories(plugins);
    for (const char* name : {"compliance.so", "costs.so", "dmarc.so", "identity.so", "resources.so"}) {
      std::filesystem::copy_file(std::filesystem::path(GOVSYNC_TEST_PLUGIN_BUILD_DIR) / name, plugins / name);
    }
    config_ = write_config(dir_, db_.url(), plugins, 5,
                           "[azure]\nauthority = " + emulator_->base_url() + "\nmanagement = " + emulator_->base_url() +
                               "\ngraph = " + emulator_->base_url() +
                               "\nmax_retry_time = 2s\n[domain.compliance]\nenabled = true\n[domain.costs]\n"
                               "enabled = true\n[domain.identity]\nenabled = true\n[domain.resources]\nenabled = true\n"
                               "[domain.dmarc]\nenabled = true\nmailbox = dmarc@{tenant}.example\ncheck_dns = false\n");
  }
  CommandResult run() { return run_govsync({"run", "--config", config_.string()}); }
  std::int64_t rows(const std::string& table, const std::string& tenant) {
    return db_.count("SELECT COUNT(*) FROM " + table + " WHERE tenant_id = '" + tenant + "'");
  }

  TestDatabase db_{GetParam()};
  TempDir dir_;
  std::unique_ptr<EmulatorProcess> emulator_;
  std::filesystem::path config_;
};

TEST_P(DomainPlugins, EveryTenantSyncsExceptTheFailingOneAndOversizedNamesAreCut) {
  const auto first = run();
  EXPECT_EQ(first.exit_code, 1) << first.out << first.err;
  EXPECT_NE(first.out.find("25 runs: 20 succeeded, 5 failed"), std::string::npos) << first.out;
  for (const char* tenant : {"t1", "t2", "t4", "t5"}) {
    EXPECT_EQ(rows("policy_states", tenant), 2 * 15) << tenant;
    EXPECT_EQ(rows("resources", tenant), 2 * (tenant == std::string("t5") ? kKindsResources : 8)) << tenant;
    EXPECT_EQ(rows("cost_daily", tenant), 2 * 5 * 3) << tenant;
    EXPECT_EQ(rows("compliance_snapshots", tenant), 2) << tenant;
    EXPECT_EQ(rows("identity_users", tenant), 11) << tenant;
    EXPECT_EQ(rows("identity_mfa_registrations", tenant), 11) << tenant;
    EXPECT_EQ(rows("identity_role_members", tenant), 4) << tenant;
    EXPECT_EQ(rows("identity_snapshots", tenant), 1) << tenant;
    EXPECT_EQ(rows("dmarc_reports", tenant), 1) << tenant;
    EXPECT_EQ(rows("dmarc_records", tenant), 20) << tenant;
  }
  // Tenant 5's orphans, per subscription: each kind once in use and once orphaned, with its reason; the NICs
  // of a VM, a private endpoint, a private link service and a NetApp volume in use, two of them orphaned.
  struct Kind {
    const char* type;
    const char* reason;
    int orphaned;
    int in_use;
  };
  for (const auto& kind : std::initializer_list<Kind>{
           {"microsoft.compute/disks", "managed disk not attached to any virtual machine", 1, 1},
           {"microsoft.network/publicipaddresses", "public IP address not associated with any resource", 1, 1},
           {"microsoft.network/networkinterfaces",
            "network interface not used by any virtual machine, private endpoint, private link service or hosted "
            "workload",
            2, 6},
           {"microsoft.network/networksecuritygroups",
            "network security group not associated with any subnet or network interface", 1, 1},
           {"microsoft.network/routetables", "route table not associated with any subnet", 1, 1},
           {"microsoft.network/loadbalancers", "load balancer with no backend pool", 1, 1},
           {"microsoft.network/natgateways", "NAT gateway not associated with any subnet", 1, 1},
           {"microsoft.web/serverfarms", "App Service plan hosting no apps", 1, 1},
           {"microsoft.compute/availabilitysets", "availability set with no virtual machines", 1, 1}}) {
    const std::string of_kind = "SELECT COUNT(*) FROM resources WHERE tenant_id = 't5' AND type = '" +
                                std::string(kind.type) + "' AND is_orphan = ";
    EXPECT_EQ(db_.count(of_kind + "TRUE AND orphan_reason = '" + kind.reason + "'"), 2 * kind.orphaned) << kind.type;
    EXPECT_EQ(db_.count(of_kind + "FALSE AND (orphan_reason IS NULL OR orphan_reason = '')"), 2 * kind.in_use)
        << kind.type;
  }
  // Tenant 1 may not read the secure score: a warning naming the role, not a failed run.
  EXPECT_EQ(rows("secure_scores", "t1"), 0);
  EXPECT_EQ(rows("secure_scores", "t4"), 2);
  EXPECT_NE(first.err.find("secure score of subscription"), std::string::npos);
  EXPECT_NE(first.err.find("Security Reader"), std::string::npos);
  EXPECT_EQ(db_.count("SELECT COUNT(*) FROM identity_users WHERE tenant_id = 't1' AND is_guest = TRUE"), 2);
  EXPECT_GE(db_.count("SELECT COUNT(*) FROM identity_users WHERE tenant_id = 't1' AND is_privileged = TRUE"), 1);
  // Tenant 5 has no sign-in activity (no licence): read without it, stale flags unknown, and said why.
  EXPECT_EQ(
      db_.count("SELECT COUNT(*) FROM identity_snapshots WHERE tenant_id = 't5' AND sign_in_activity_available = FALSE "
                "AND note LIKE 'signInActivity unavailable%'"),
      1);
  EXPECT_EQ(db_.count("SELECT COUNT(*) FROM identity_users WHERE tenant_id = 't5' AND is_stale_90 IS NULL"), 11);
  EXPECT_EQ(
      db_.count(
          "SELECT COUNT(*) FROM sync_runs WHERE domain = 'identity' AND tenant_id = 't5' AND status = 'succeeded'"),
      1);
  EXPECT_EQ(
      db_.count(
          "SELECT COUNT(*) FROM sync_runs WHERE tenant_id = 't3' AND status = 'failed' AND error LIKE '%HTTP 500%'"),
      5);
  EXPECT_EQ(rows("policy_states", "t3") + rows("resources", "t3") + rows("cost_daily", "t3"), 0);
  // Tenant 2's 5,000-character names: cut to the column widths, audited.
  EXPECT_EQ(db_.count("SELECT MAX(" + std::string(GetParam() == Backend::sqlite ? "length" : "char_length") +
                      "(policy_name)) FROM policy_states WHERE tenant_id = 't2'"),
            1000);
  EXPECT_EQ(db_.count("SELECT COUNT(*) FROM truncation_audit WHERE tenant_id = 't2' AND column_name = 'policy_name' "
                      "AND original_length = 5000 AND max_length = 1000"),
            30);
  EXPECT_EQ(db_.count("SELECT COUNT(*) FROM truncation_audit WHERE tenant_id = 't2' AND table_name = 'resources' "
                      "AND column_name = 'name' AND max_length = 255"),
            16);
  EXPECT_EQ(db_.count("SELECT COUNT(*) FROM truncation_audit WHERE tenant_id <> 't2'"), 0);
  EXPECT_EQ(first.err.find("not-a-real-secret"), std::string::npos) << "a client secret was logged";
}

TEST_P(DomainPlugins, RunningTwiceIsIdempotentAndRemovedItemsDisappear) {
  run();
  const auto policy = db_.count("SELECT COUNT(*) FROM policy_states");
  const auto resources = db_.count("SELECT COUNT(*) FROM resources");
  const auto costs = db_.count("SELECT COUNT(*) FROM cost_daily");
  const auto total_cost = db_.real("SELECT SUM(cost) FROM cost_daily WHERE tenant_id = 't4'");
  run();
  EXPECT_EQ(db_.count("SELECT COUNT(*) FROM policy_states"), policy);
  EXPECT_EQ(db_.count("SELECT COUNT(*) FROM resources"), resources);
  EXPECT_EQ(db_.count("SELECT COUNT(*) FROM cost_daily"), costs);

  // Azure drops resources and policy states of tenant 4, and restates its costs.
  emulator_->set_scenario(scenario(R"("removed_resources": 3, "removed_policy_states": 5, "cost_version": 1)"));
  run();
  EXPECT_EQ(rows("resources", "t4"), 2 * (8 - 3));
  EXPECT_EQ(rows("policy_states", "t4"), 2 * (15 - 5));
  EXPECT_EQ(rows("cost_daily", "t4"), 2 * 5 * 3) << "overlapping cost days must update, not duplicate";
  EXPECT_NE(db_.real("SELECT SUM(cost) FROM cost_daily WHERE tenant_id = 't4'"), total_cost);
  EXPECT_EQ(rows("resources", "t1"), 2 * 8) << "another tenant's rows were touched";
}

GOVSYNC_ON_EACH_BACKEND(DomainPlugins);

// A run holds no database session, and on SQLite not the writer lock, while it
// waits on Azure: runs of different tenants wait side by side on both backends.
using RunsSideBySide = OnEachBackend;

TEST_P(RunsSideBySide, RunsWaitingOnAzureOverlapInsteadOfQueueing) {
  constexpr int kTenants = 4;
  std::string tenants;
  for (int n = 1; n <= kTenants; ++n) tenants += (n > 1 ? "," : "") + tenant_json(n, R"("latency_ms": 300)");
  const EmulatorProcess emulator(R"({"seed": 5, "tenants": [)" + tenants + "]}");
  TestDatabase db(GetParam());
  const TempDir dir;
  const auto plugins = dir / "plugins";
  std::filesystem::create_directories(plugins);
  std::filesystem::copy_file(std::filesystem::path(GOVSYNC_TEST_PLUGIN_BUILD_DIR) / "compliance.so",
                             plugins / "compliance.so");
  const auto config = write_config(dir, db.url(), plugins, kTenants,
                                   "[scheduler]\nconcurrency = 4\n[azure]\nauthority = " + emulator.base_url() +
                                       "\nmanagement = " + emulator.base_url() + "\ngraph = " + emulator.base_url() +
                                       "\n[domain.compliance]\nenabled = true\n");
  const auto result = run_govsync({"run", "--config", config.string()});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_EQ(db.count("SELECT COUNT(*) FROM sync_runs WHERE status = 'succeeded'"), kTenants);
  // Each run waits at least 600 ms on Azure (subscriptions, then their policy
  // states); queued one after another, a run would start only after another ended.
  const double overlap =
      db.real("SELECT MIN(" + db.epoch("finished_at") + ") - MAX(" + db.epoch("started_at") + ") FROM sync_runs");
  EXPECT_GT(overlap, 0.3) << "the last run started " << -overlap << " s after the first one ended";
}

GOVSYNC_ON_EACH_BACKEND(RunsSideBySide);

}  // namespace
}  // namespace govsync::test
