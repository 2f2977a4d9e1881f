#include "migrate/plugin_migration_set.hpp"

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace govsync::host {
namespace {

using test::TempDir;
using test::write_file;

TEST(DiscoverPluginMigrations, AMissingFolderMeansNoPluginShipsTables) {
  TempDir dir;
  const auto found = discover_plugin_migrations(dir / "absent", Dialect::sqlite);
  ASSERT_TRUE(found.ok()) << found.error().message;
  EXPECT_TRUE(found->empty());
}

TEST(DiscoverPluginMigrations, ReadsOneSequencePerPluginFolderByName) {
  TempDir dir;
  write_file(dir / "zeta" / "001_z.sql", "SELECT 1;");
  write_file(dir / "alpha" / "001_a.sqlite.sql", "SELECT 2;");
  write_file(dir / "alpha" / "002_b.sql", "SELECT 3;");
  const auto found = discover_plugin_migrations(dir.path(), Dialect::sqlite);
  ASSERT_TRUE(found.ok()) << found.error().message;
  ASSERT_EQ(found->size(), 2U);
  EXPECT_EQ((*found)[0].plugin, "alpha");
  ASSERT_EQ((*found)[0].migrations.size(), 2U);
  EXPECT_EQ((*found)[0].migrations[0].sql, "SELECT 2;");
  EXPECT_EQ((*found)[1].plugin, "zeta");
  EXPECT_EQ((*found)[1].dir, dir / "zeta");
}

TEST(DiscoverPluginMigrations, RefusesFilesOutsidePluginFoldersAndBadFolderNames) {
  {
    TempDir dir;
    write_file(dir / "001_loose.sql", "");
    const auto found = discover_plugin_migrations(dir.path(), Dialect::sqlite);
    ASSERT_FALSE(found.ok());
    EXPECT_NE(found.error().message.find("only folders belong in"), std::string::npos) << found.error().message;
  }
  {
    TempDir dir;
    write_file(dir / "Bad Name" / "001_a.sql", "");
    const auto found = discover_plugin_migrations(dir.path(), Dialect::sqlite);
    ASSERT_FALSE(found.ok());
    EXPECT_NE(found.error().message.find("is not a plugin name"), std::string::npos) << found.error().message;
  }
  {
    TempDir dir;
    write_file(dir / "tickets" / "001_a.sqlite.sql", "");
    const auto found = discover_plugin_migrations(dir.path(), Dialect::postgresql);
    ASSERT_FALSE(found.ok());
    EXPECT_NE(found.error().message.find("plugin 'tickets': "), std::string::npos) << found.error().message;
    EXPECT_NE(found.error().message.find("has no file for postgresql"), std::string::npos) << found.error().message;
  }
}

}  // namespace
}  // namespace govsync::host
