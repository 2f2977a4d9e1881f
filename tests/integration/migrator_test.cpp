// Migrations on both dialects: fresh apply, no-op re-apply, edited files,
// a schema newer than the binary, and the 008 -> 009 upgrade with data.
#include "migrate/migrator.hpp"

#include "backend_param.hpp"
#include "db/schema_catalog.hpp"

namespace govsync::test {
namespace {

using MigratorTest = OnEachBackend;

std::vector<host::Migration> shipped(host::Dialect dialect) {
  return host::discover_migrations(migrations_dir(), dialect).value();
}

host::SchemaCatalog catalog_of(host::Database& db) {
  auto lease = db.lease();
  return host::SchemaCatalog::read(lease.session(), db.dialect());
}

TEST_P(MigratorTest, FreshApplyCreatesTheWholeSchemaAndReapplyIsANoOp) {
  TestDatabase t(GetParam());
  const auto migrations = shipped(t.db().dialect());
  auto first = host::apply_migrations(t.db(), migrations);
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(first->applied.size(), migrations.size());
  EXPECT_EQ(first->schema_version, 16);
  const auto catalog = catalog_of(t.db());
  for (const char* table : {"tenants", "sync_runs", "truncation_audit", "schema_migrations", "policy_states",
                            "compliance_snapshots", "cost_daily", "resources", "identity_users", "dmarc_reports"}) {
    EXPECT_NE(catalog.table(table), nullptr) << table;
  }
  auto again = host::apply_migrations(t.db(), migrations);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_TRUE(again->applied.empty());
  EXPECT_EQ(t.count("SELECT COUNT(*) FROM schema_migrations"), static_cast<std::int64_t>(migrations.size()));
}

TEST_P(MigratorTest, DetectsAnAppliedMigrationThatWasEdited) {
  TestDatabase t(GetParam());
  TempDir dir;
  std::filesystem::copy(migrations_dir(), dir.path() / "m");
  const auto dialect = t.db().dialect();
  ASSERT_TRUE(host::apply_migrations(t.db(), host::discover_migrations(dir / "m", dialect).value()).ok());
  write_file(dir / "m" / "005_costs.sql", read_file(dir / "m" / "005_costs.sql") + "\n-- an innocent edit\n");
  const auto result = host::apply_migrations(t.db(), host::discover_migrations(dir / "m", dialect).value());
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().message.find("005_costs.sql was edited after it was applied"), std::string::npos)
      << result.error().message;
}

TEST_P(MigratorTest, RefusesASchemaNewerThanTheBinary) {
  TestDatabase t(GetParam());
  const auto migrations = shipped(t.db().dialect());
  ASSERT_TRUE(host::apply_migrations(t.db(), migrations).ok());
  t.execute(
      "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (99, '099_future', 'x', 'now')");
  const auto result = host::apply_migrations(t.db(), migrations);
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().message.find("newer than this binary"), std::string::npos) << result.error().message;
}

TEST_P(MigratorTest, AFailingMigrationIsRolledBackAndNamed) {
  TestDatabase t(GetParam());
  TempDir dir;
  write_file(dir / "m" / "001_ok.sql", "CREATE TABLE ok_table (x INTEGER);");
  write_file(dir / "m" / "002_broken.sql", "CREATE TABLE half_done (x INTEGER);\nCREATE TABLE oops (;\n");
  const auto result = host::apply_migrations(t.db(), host::discover_migrations(dir / "m", t.db().dialect()).value());
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().message.find("002_broken.sql: statement 2 of 2 failed"), std::string::npos)
      << result.error().message;
  const auto catalog = catalog_of(t.db());
  EXPECT_NE(catalog.table("ok_table"), nullptr);
  EXPECT_EQ(catalog.table("half_done"), nullptr);
  EXPECT_EQ(t.count("SELECT COUNT(*) FROM schema_migrations"), 1);
}

TEST_P(MigratorTest, UpgradeFrom008To009KeepsEveryRowAndWidensPolicyName) {
  TestDatabase t(GetParam());
  const auto migrations = shipped(t.db().dialect());
  auto at8 = host::apply_migrations(t.db(), migrations, 8);
  ASSERT_TRUE(at8.ok()) << at8.error().message;
  EXPECT_EQ(at8->schema_version, 8);
  EXPECT_EQ(catalog_of(t.db()).width("policy_states", "policy_name"), 255U);
  const std::string name255(255, 'n');
  for (int i = 0; i < 50; ++i) {
    t.execute(
        "INSERT INTO policy_states (tenant_id, subscription_id, policy_assignment_id, policy_definition_id, "
        "resource_id, policy_name, category, compliance_state) VALUES ('t1', 's', 'a" +
        std::to_string(i) + "', 'd', 'r', '" + name255 + "', 'Storage', 'Compliant')");
  }
  auto at9 = host::apply_migrations(t.db(), migrations, 9);
  ASSERT_TRUE(at9.ok()) << at9.error().message;
  EXPECT_EQ(at9->applied, std::vector<std::string>{"009_widen_policy_name"});
  EXPECT_EQ(t.count("SELECT COUNT(*) FROM policy_states"), 50);
  EXPECT_EQ(
      t.count("SELECT COUNT(*) FROM policy_states WHERE policy_name = '" + name255 + "' AND category = 'Storage'"), 50);
  const auto catalog = catalog_of(t.db());
  EXPECT_EQ(catalog.width("policy_states", "policy_name"), 1000U);
  EXPECT_EQ(catalog.width("policy_states", "category"), 500U);
  // The widened column really holds 1,000 characters (PostgreSQL enforces it).
  t.execute(
      "INSERT INTO policy_states (tenant_id, subscription_id, policy_assignment_id, policy_definition_id, "
      "resource_id, policy_name, compliance_state) VALUES ('t1', 's', 'wide', 'd', 'r', '" +
      std::string(1000, 'w') + "', 'Compliant')");
  EXPECT_EQ(t.count("SELECT COUNT(*) FROM policy_states"), 51);
}

GOVSYNC_ON_EACH_BACKEND(MigratorTest);

}  // namespace
}  // namespace govsync::test
