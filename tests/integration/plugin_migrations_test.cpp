// Plugins' own migrations on both dialects: applied after govsync's, each
// plugin in its own sequence, checked for edits and for a newer schema, and
// held back while govsync's own sequence is behind.
#include "migrate/schema_update.hpp"

#include "backend_param.hpp"
#include "db/schema_catalog.hpp"

namespace govsync::test {
namespace {

using PluginMigrationsTest = OnEachBackend;

// Two plugins whose sequences both start at 001.
void write_two_plugins(const TempDir& dir) {
  write_file(dir / "d" / "inventory" / "001_items.sql",
             "CREATE TABLE inventory_items (tenant_id TEXT NOT NULL, item_id TEXT NOT NULL, label VARCHAR(40), "
             "PRIMARY KEY (tenant_id, item_id));");
  write_file(dir / "d" / "inventory" / "002_item_owner.sql", "ALTER TABLE inventory_items ADD COLUMN owner TEXT;");
  write_file(dir / "d" / "tickets" / "001_tickets.sqlite.sql",
             "CREATE TABLE tickets (tenant_id TEXT NOT NULL, ticket_id TEXT NOT NULL, opened_at TEXT);");
  write_file(dir / "d" / "tickets" / "001_tickets.postgresql.sql",
             "CREATE TABLE tickets (tenant_id TEXT NOT NULL, ticket_id TEXT NOT NULL, opened_at TIMESTAMPTZ);");
}

host::SchemaSources sources_in(const TempDir& dir, host::Dialect dialect) {
  auto sources = host::discover_schema_sources(migrations_dir(), dir / "d", dialect);
  if (!sources) throw std::runtime_error(sources.error().message);
  return std::move(sources.value());
}

TEST_P(PluginMigrationsTest, AppliesEachPluginsSequenceAfterGovsyncsAndThenNothing) {
  TestDatabase t(GetParam());
  TempDir dir;
  write_two_plugins(dir);
  const auto sources = sources_in(dir, t.db().dialect());
  const auto core_count = sources.core.size();
  EXPECT_EQ(host::pending_migrations(t.db(), sources).size(), core_count + 3);

  auto first = host::update_schema(t.db(), sources);
  ASSERT_TRUE(first.ok()) << first.error().message;
  ASSERT_EQ(first->applied.size(), core_count + 3);
  EXPECT_EQ(first->applied[core_count], "inventory/001_items");
  EXPECT_EQ(first->applied[core_count + 1], "inventory/002_item_owner");
  EXPECT_EQ(first->applied[core_count + 2], "tickets/001_tickets");
  EXPECT_EQ(first->schema_version, sources.core.back().version);
  auto lease = t.db().lease();
  const auto catalog = host::SchemaCatalog::read(lease.session(), t.db().dialect());
  EXPECT_EQ(catalog.width("inventory_items", "label"), 40U);
  EXPECT_NE(catalog.table("tickets"), nullptr);
  EXPECT_EQ(t.count("SELECT COUNT(*) FROM plugin_schema_migrations WHERE plugin = 'inventory'"), 2);
  EXPECT_EQ(t.count("SELECT COUNT(*) FROM plugin_schema_migrations WHERE plugin = 'tickets' AND version = 1"), 1);
  // The plugins' migrations are not govsync's: its own ledger and version are untouched.
  EXPECT_EQ(t.count("SELECT COUNT(*) FROM schema_migrations"), static_cast<std::int64_t>(core_count));

  EXPECT_TRUE(host::pending_migrations(t.db(), sources).empty());
  auto again = host::update_schema(t.db(), sources);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_TRUE(again->applied.empty());
}

TEST_P(PluginMigrationsTest, ANewPluginMigrationIsAppliedOnItsOwn) {
  TestDatabase t(GetParam());
  TempDir dir;
  write_two_plugins(dir);
  ASSERT_TRUE(host::update_schema(t.db(), sources_in(dir, t.db().dialect())).ok());
  write_file(dir / "d" / "tickets" / "002_ticket_state.sql", "ALTER TABLE tickets ADD COLUMN state VARCHAR(20);");
  const auto sources = sources_in(dir, t.db().dialect());
  EXPECT_EQ(host::pending_migrations(t.db(), sources), std::vector<std::string>{"tickets/002_ticket_state"});
  auto result = host::update_schema(t.db(), sources);
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_EQ(result->applied, std::vector<std::string>{"tickets/002_ticket_state"});
}

TEST_P(PluginMigrationsTest, RefusesAnEditedPluginMigrationNamingTheFile) {
  TestDatabase t(GetParam());
  TempDir dir;
  write_two_plugins(dir);
  ASSERT_TRUE(host::update_schema(t.db(), sources_in(dir, t.db().dialect())).ok());
  const auto file = dir / "d" / "inventory" / "001_items.sql";
  write_file(file, read_file(file) + "\n-- edited\n");
  const auto result = host::update_schema(t.db(), sources_in(dir, t.db().dialect()));
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().message.find(file.string() + " was edited after it was applied"), std::string::npos)
      << result.error().message;
}

TEST_P(PluginMigrationsTest, RefusesAPluginSchemaNewerThanTheInstalledPlugin) {
  TestDatabase t(GetParam());
  TempDir dir;
  write_two_plugins(dir);
  ASSERT_TRUE(host::update_schema(t.db(), sources_in(dir, t.db().dialect())).ok());
  std::filesystem::remove(dir / "d" / "inventory" / "002_item_owner.sql");
  const auto result = host::update_schema(t.db(), sources_in(dir, t.db().dialect()));
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().message.find("migration 002_item_owner of plugin 'inventory'"), std::string::npos)
      << result.error().message;
  EXPECT_NE(result.error().message.find("upgrade the plugin"), std::string::npos) << result.error().message;
}

TEST_P(PluginMigrationsTest, WaitsUntilGovsyncsOwnMigrationsAreAllApplied) {
  TestDatabase t(GetParam());
  TempDir dir;
  write_two_plugins(dir);
  const auto sources = sources_in(dir, t.db().dialect());
  auto partial = host::update_schema(t.db(), sources, 3);
  ASSERT_TRUE(partial.ok()) << partial.error().message;
  EXPECT_EQ(partial->schema_version, 3);
  EXPECT_TRUE(partial->plugins_deferred);
  const auto pending = host::pending_migrations(t.db(), sources);
  EXPECT_EQ(pending.size(), sources.core.size() - 3 + 3);
  EXPECT_EQ(pending.back(), "tickets/001_tickets");
  {
    auto lease = t.db().lease();
    EXPECT_EQ(host::SchemaCatalog::read(lease.session(), t.db().dialect()).table("inventory_items"), nullptr);
  }
  auto rest = host::update_schema(t.db(), sources);
  ASSERT_TRUE(rest.ok()) << rest.error().message;
  EXPECT_FALSE(rest->plugins_deferred);
  EXPECT_EQ(t.count("SELECT COUNT(*) FROM plugin_schema_migrations"), 3);
}

TEST_P(PluginMigrationsTest, AFailingPluginMigrationIsRolledBackAndNamed) {
  TestDatabase t(GetParam());
  TempDir dir;
  write_file(dir / "d" / "broken" / "001_half.sql", "CREATE TABLE broken_half (x INTEGER);\nCREATE TABLE (;\n");
  const auto result = host::update_schema(t.db(), sources_in(dir, t.db().dialect()));
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().message.find("001_half.sql: statement 2 of 2 failed"), std::string::npos)
      << result.error().message;
  auto lease = t.db().lease();
  EXPECT_EQ(host::SchemaCatalog::read(lease.session(), t.db().dialect()).table("broken_half"), nullptr);
  EXPECT_EQ(t.count("SELECT COUNT(*) FROM plugin_schema_migrations"), 0);
}

GOVSYNC_ON_EACH_BACKEND(PluginMigrationsTest);

}  // namespace
}  // namespace govsync::test
