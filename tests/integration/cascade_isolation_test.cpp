// The original system's failure 1: one tenant's bad data killed every other
// tenant's sync. Five tenants through the real daemon binary and a real
// fixture plugin; each misbehaving tenant fails (or is fitted) alone.
#include <spdlog/spdlog.h>

#include "backend_param.hpp"
#include "truncate/utf8_fit.hpp"

namespace govsync::test {
namespace {

using CascadeIsolation = OnEachBackend;

// t7 both cuts a value and then fails: its rows go, the audit of the cut stays.
const std::string kDomain =
    "[domain.fixture_policy]\nenabled = true\nrows = 3\noversize_tenants = t2,t7\nthrow_tenants = t3,t7\n"
    "null_tenants = t4\nraw_insert_tenants = t5\n";

std::string status_of(TestDatabase& db, const std::string& tenant) {
  return db.text("SELECT status FROM sync_runs WHERE tenant_id = '" + tenant + "' ORDER BY id DESC LIMIT 1");
}

std::string error_of(TestDatabase& db, const std::string& tenant) {
  return db.text("SELECT error FROM sync_runs WHERE tenant_id = '" + tenant + "' ORDER BY id DESC LIMIT 1");
}

std::int64_t rows_of(TestDatabase& db, const std::string& tenant) {
  return db.count("SELECT COUNT(*) FROM policy_states WHERE tenant_id = '" + tenant + "'");
}

TEST_P(CascadeIsolation, EachBadTenantFailsAloneAndTheRestSucceed) {
  TestDatabase db(GetParam());
  TempDir dir;
  const auto config = write_config(dir, db.url(), plugin_dir_with(dir, {"fixture_policy.so"}), 7, kDomain);
  const auto result = run_govsync({"run", "--config", config.string()});
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  const bool postgresql = GetParam() == Backend::postgresql;

  // Tenants 1 and 6: untouched by their neighbours.
  for (const char* tenant : {"t1", "t6"}) {
    EXPECT_EQ(status_of(db, tenant), "succeeded") << tenant;
    EXPECT_EQ(rows_of(db, tenant), 3) << tenant;
  }

  // Tenant 2: a 5,000-character multi-byte policy_name, cut to 1,000 characters of valid UTF-8.
  EXPECT_EQ(status_of(db, "t2"), "succeeded");
  EXPECT_EQ(rows_of(db, "t2"), 3);
  const auto name =
      db.text("SELECT policy_name FROM policy_states WHERE tenant_id = 't2' AND policy_assignment_id LIKE '%/a0'");
  EXPECT_EQ(host::utf8_length(name), 1000U);
  EXPECT_EQ(host::repair_utf8(name), name) << "the cut split a code point";
  EXPECT_EQ(name.size(), 2500U);  // 500 × (2 + 3) bytes
  EXPECT_EQ(db.count("SELECT COUNT(*) FROM truncation_audit WHERE tenant_id = 't2' AND table_name = 'policy_states' "
                     "AND column_name = 'policy_name' AND original_length = 5000 AND max_length = 1000 "
                     "AND plugin = 'fixture_policy'"),
            1);
  EXPECT_EQ(db.count("SELECT truncations FROM sync_runs WHERE tenant_id = 't2'"), 1);
  EXPECT_NE(result.err.find("value truncated: plugin=fixture_policy tenant=t2 table=policy_states column=policy_name"),
            std::string::npos)
      << result.err;
  EXPECT_NE(result.err.find("original_length=5000 max_length=1000"), std::string::npos);

  // Tenant 3: threw after writing rows; they are rolled back.
  EXPECT_EQ(status_of(db, "t3"), "failed");
  EXPECT_EQ(rows_of(db, "t3"), 0);
  EXPECT_NE(error_of(db, "t3").find("fixture: sync failed midway for tenant t3"), std::string::npos);

  // Tenant 4: a NOT NULL violation; rolled back.
  EXPECT_EQ(status_of(db, "t4"), "failed");
  EXPECT_EQ(rows_of(db, "t4"), 0);
  const auto t4_error = error_of(db, "t4");
  EXPECT_TRUE(t4_error.find("NOT NULL constraint failed") != std::string::npos ||
              t4_error.find("null value in column \"compliance_state\"") != std::string::npos)
      << t4_error;

  // Tenant 5: a raw overlong insert that bypasses the writer. PostgreSQL
  // refuses it (SQLSTATE 22001) for tenant 5 alone; SQLite ignores VARCHAR
  // widths and stores it, which is why plugins write through the writer.
  if (postgresql) {
    EXPECT_EQ(status_of(db, "t5"), "failed");
    EXPECT_EQ(rows_of(db, "t5"), 0);
    EXPECT_NE(error_of(db, "t5").find("22001"), std::string::npos) << error_of(db, "t5");
  } else {
    EXPECT_EQ(status_of(db, "t5"), "succeeded");
    EXPECT_EQ(rows_of(db, "t5"), 4);
    EXPECT_EQ(
        db.count("SELECT length(policy_name) FROM policy_states WHERE tenant_id = 't5' AND resource_id = 'r-raw'"),
        5000);
  }

  // Tenant 7: the truncation record survives the rollback of the run that made it.
  EXPECT_EQ(status_of(db, "t7"), "failed");
  EXPECT_EQ(rows_of(db, "t7"), 0);
  EXPECT_EQ(db.count("SELECT COUNT(*) FROM truncation_audit WHERE tenant_id = 't7' AND original_length = 5000"), 1);
  EXPECT_EQ(db.count("SELECT truncations FROM sync_runs WHERE tenant_id = 't7'"), 1);

  // Nothing is left running, and the table shows each run.
  EXPECT_EQ(db.count("SELECT COUNT(*) FROM sync_runs WHERE status = 'running'"), 0);
  EXPECT_NE(result.out.find(postgresql ? "7 runs: 3 succeeded, 4 failed" : "7 runs: 4 succeeded, 3 failed"),
            std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("fixture: sync failed midway for tenant t3"), std::string::npos);
}

TEST_P(CascadeIsolation, RunningTwiceIsIdempotent) {
  TestDatabase db(GetParam());
  TempDir dir;
  const auto config = write_config(dir, db.url(), plugin_dir_with(dir, {"fixture_policy.so"}), 3,
                                   "[domain.fixture_policy]\nenabled = true\nrows = 40\n");
  ASSERT_EQ(run_govsync({"run", "--config", config.string()}).exit_code, 0);
  const auto first = db.count("SELECT COUNT(*) FROM policy_states");
  const auto second_run = run_govsync({"run", "--config", config.string()});
  ASSERT_EQ(second_run.exit_code, 0) << second_run.err;
  EXPECT_EQ(first, 120);
  EXPECT_EQ(db.count("SELECT COUNT(*) FROM policy_states"), first);
  EXPECT_EQ(db.count("SELECT COUNT(*) FROM sync_runs WHERE status = 'succeeded'"), 6);
}

TEST_P(CascadeIsolation, RowsNoLongerReturnedAreRemovedForThatTenantOnly) {
  TestDatabase db(GetParam());
  TempDir dir;
  const auto plugins = plugin_dir_with(dir, {"fixture_policy.so"});
  auto config = write_config(dir, db.url(), plugins, 2, "[domain.fixture_policy]\nenabled = true\nrows = 10\n");
  ASSERT_EQ(run_govsync({"run", "--config", config.string()}).exit_code, 0);
  config = write_config(dir, db.url(), plugins, 2, "[domain.fixture_policy]\nenabled = true\nrows = 4\n");
  const auto result = run_govsync({"run", "--config", config.string(), "--tenant", "t1"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(rows_of(db, "t1"), 4);
  EXPECT_EQ(rows_of(db, "t2"), 10);
  EXPECT_EQ(db.count("SELECT rows_deleted FROM sync_runs WHERE tenant_id = 't1' ORDER BY id DESC LIMIT 1"), 6);
}

GOVSYNC_ON_EACH_BACKEND(CascadeIsolation);

}  // namespace
}  // namespace govsync::test
