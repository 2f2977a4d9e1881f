#include "migrate/migration_set.hpp"

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace govsync::host {
namespace {

using test::TempDir;
using test::write_file;

TEST(DiscoverMigrations, PicksSharedAndDialectFilesInOrder) {
  TempDir dir;
  write_file(dir / "002_b.sqlite.sql", "SELECT 2;");
  write_file(dir / "002_b.postgresql.sql", "SELECT 22;");
  write_file(dir / "001_a.sql", "SELECT 1;");
  write_file(dir / "README", "not a migration");
  const auto sqlite = discover_migrations(dir.path(), Dialect::sqlite);
  ASSERT_TRUE(sqlite.ok()) << sqlite.error().message;
  ASSERT_EQ(sqlite->size(), 2U);
  EXPECT_EQ((*sqlite)[0].name, "001_a");
  EXPECT_EQ((*sqlite)[1].sql, "SELECT 2;");
  const auto postgresql = discover_migrations(dir.path(), Dialect::postgresql);
  ASSERT_TRUE(postgresql.ok());
  EXPECT_EQ((*postgresql)[1].sql, "SELECT 22;");
  EXPECT_EQ((*postgresql)[1].checksum, sha256_hex("SELECT 22;"));
}

TEST(DiscoverMigrations, RefusesAmbiguousOrIncompleteSets) {
  {
    TempDir dir;
    write_file(dir / "001_a.sql", "");
    write_file(dir / "001_b.sql", "");
    EXPECT_NE(discover_migrations(dir.path(), Dialect::sqlite).error().message.find("share version 001"),
              std::string::npos);
  }
  {
    TempDir dir;
    write_file(dir / "001_a.sqlite.sql", "");
    EXPECT_NE(discover_migrations(dir.path(), Dialect::postgresql).error().message.find("has no file for postgresql"),
              std::string::npos);
  }
  {
    TempDir dir;
    write_file(dir / "1_bad_name.sql", "");
    EXPECT_NE(discover_migrations(dir.path(), Dialect::sqlite).error().message.find("not a migration name"),
              std::string::npos);
  }
  EXPECT_FALSE(discover_migrations("/nonexistent/migrations", Dialect::sqlite).ok());
}

TEST(Sha256Hex, MatchesTheKnownDigest) {
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

}  // namespace
}  // namespace govsync::host
