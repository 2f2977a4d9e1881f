// A plugin's tables against what the writer needs: a key the table has no
// primary key or unique constraint for is refused when the writer is opened,
// naming the table, the key and what is missing, before the plugin fetches a
// page; check-config and the start check each enabled plugin's own tables.
#include "writer_fixture.hpp"

namespace govsync::test {
namespace {

class WriterKeyCheck : public WriterTest {
 protected:
  // Runs `create`, then opens a writer on table items keyed by item_id: the error, or "" when it opened.
  std::string open_writer(const std::string& create) {
    db_->execute(create);
    {
      auto lease = db_->db().lease();
      catalog_ = host::SchemaCatalog::read(lease.session(), db_->db().dialect());
    }
    host::LazyTransaction tx(db_->db());
    try {
      host::TableWriterImpl writer(tx, *catalog_.table("items"), "t1", 1, {{"item_id"}, false}, truncator_);
      return {};
    } catch (const std::invalid_argument& e) {
      return e.what();
    }
  }
};

TEST_P(WriterKeyCheck, ATableWithoutAUniqueKeyIsRefusedWhenTheWriterOpens) {
  const auto error = open_writer("CREATE TABLE items (tenant_id TEXT NOT NULL, item_id TEXT NOT NULL, label TEXT)");
  EXPECT_NE(error.find("table items has no primary key or unique constraint on (tenant_id, item_id), which the "
                       "writer's upsert by key (item_id) needs (it has no primary key or unique constraint)"),
            std::string::npos)
      << error;
}

TEST_P(WriterKeyCheck, AUniqueKeyOnOtherColumnsIsNamed) {
  const auto error = open_writer(
      "CREATE TABLE items (tenant_id TEXT NOT NULL, item_id TEXT NOT NULL, label TEXT "
      "NOT NULL, UNIQUE (tenant_id, label))");
  EXPECT_NE(error.find("(its unique keys are (tenant_id, label)); add PRIMARY KEY (tenant_id, item_id) or UNIQUE "
                       "(tenant_id, item_id)"),
            std::string::npos)
      << error;
}

TEST_P(WriterKeyCheck, APartialUniqueIndexIsNoConflictTarget) {
  db_->execute("CREATE TABLE items (tenant_id TEXT NOT NULL, item_id TEXT NOT NULL, label TEXT)");
  const auto error = open_writer("CREATE UNIQUE INDEX items_live ON items (tenant_id, item_id) WHERE label IS NULL");
  EXPECT_NE(error.find("has no primary key or unique constraint on (tenant_id, item_id)"), std::string::npos) << error;
}

TEST_P(WriterKeyCheck, APrimaryKeyInAnyOrderOrAUniqueIndexIsEnough) {
  EXPECT_EQ(open_writer("CREATE TABLE items (tenant_id TEXT NOT NULL, item_id TEXT NOT NULL, label TEXT, "
                        "PRIMARY KEY (item_id, tenant_id))"),
            "");
  db_->execute("DROP TABLE items");
  db_->execute("CREATE TABLE items (tenant_id TEXT NOT NULL, item_id TEXT NOT NULL, label TEXT)");
  EXPECT_EQ(open_writer("CREATE UNIQUE INDEX items_key ON items (tenant_id, item_id)"), "");
}

GOVSYNC_ON_EACH_BACKEND(WriterKeyCheck);

using PluginTables = OnEachBackend;

// A config enabling fixture_keyed, whose migration `create` makes fixture_keyed_items.
std::filesystem::path keyed_config(const TempDir& dir, const TestDatabase& db, const std::string& create,
                                   const std::string& key = "item_id") {
  if (!create.empty()) write_file(dir / "migrations.d" / "fixture_keyed" / "001_items.sql", create);
  return write_config(dir, db.url(), plugin_dir_with(dir, {"fixture_keyed.so"}), 1,
                      "[domain.fixture_keyed]\nenabled = true\nkey = " + key + "\n");
}

TEST_P(PluginTables, CheckConfigAndRunRefuseAPluginTableWithoutAKeyWithTenantId) {
  TestDatabase db(GetParam());
  TempDir dir;
  const auto config =
      keyed_config(dir, db, "CREATE TABLE fixture_keyed_items (tenant_id TEXT NOT NULL, item_id TEXT, label TEXT);");
  const auto expected = "plugin fixture_keyed (migrations in " + (dir / "migrations.d" / "fixture_keyed").string() +
                        "): table fixture_keyed_items has no primary key or unique constraint on tenant_id";
  const auto check = run_govsync(check_config_command(config.string()));
  EXPECT_EQ(check.exit_code, 78) << check.out << check.err;
  EXPECT_NE(check.err.find(expected), std::string::npos) << check.err;

  const auto run = run_govsync({"run", "--config", config.string()});
  EXPECT_EQ(run.exit_code, 78) << run.out << run.err;
  EXPECT_NE(run.err.find(expected), std::string::npos) << run.err;
  EXPECT_EQ(run.out.find("fetched page"), std::string::npos) << run.out;
}

TEST_P(PluginTables, ARunWhoseKeyTheTableCannotTakeFailsBeforeItsFirstPage) {
  TestDatabase db(GetParam());
  TempDir dir;
  const auto config = keyed_config(dir, db,
                                   "CREATE TABLE fixture_keyed_items (tenant_id TEXT NOT NULL, item_id TEXT NOT NULL, "
                                   "label TEXT NOT NULL, PRIMARY KEY (tenant_id, label));");
  EXPECT_EQ(run_govsync(check_config_command(config.string())).exit_code, 0);
  const auto run = run_govsync({"run", "--config", config.string()});
  const auto output = run.out + run.err;
  EXPECT_NE(run.exit_code, 0) << output;
  EXPECT_NE(output.find("table fixture_keyed_items has no primary key or unique constraint on (tenant_id, item_id), "
                        "which the writer's upsert by key (item_id) needs (its unique keys are (tenant_id, label))"),
            std::string::npos)
      << output;
  EXPECT_EQ(output.find("fetched page"), std::string::npos) << output;
  EXPECT_EQ(db.count("SELECT COUNT(*) FROM sync_runs WHERE status = 'failed'"), 1);

  // The same plugin keyed as the table is: its pages are fetched (and logged) and stored.
  const auto keyed = run_govsync({"run", "--config", keyed_config(dir, db, "", "label").string()});
  EXPECT_EQ(keyed.exit_code, 0) << keyed.out << keyed.err;
  EXPECT_NE((keyed.out + keyed.err).find("fixture_keyed: fetched page 2"), std::string::npos) << keyed.out << keyed.err;
  EXPECT_EQ(db.count("SELECT COUNT(*) FROM fixture_keyed_items"), 2);
}

GOVSYNC_ON_EACH_BACKEND(PluginTables);

}  // namespace
}  // namespace govsync::test
