#include "writer/upsert_sql.hpp"

#include <gtest/gtest.h>

namespace govsync::host {
namespace {

TEST(BuildUpsertSql, NumbersParametersAcrossRows) {
  const auto sql = build_upsert_sql("t", {"tenant_id", "k", "v"}, {"tenant_id", "k"}, 2);
  EXPECT_EQ(sql,
            "INSERT INTO \"t\" (\"tenant_id\", \"k\", \"v\") VALUES ($1, $2, $3), ($4, $5, $6) "
            "ON CONFLICT (\"tenant_id\", \"k\") DO UPDATE SET \"v\" = excluded.\"v\"");
}

TEST(BuildUpsertSql, DoesNothingWhenEveryColumnIsAKey) {
  const auto sql = build_upsert_sql("t", {"tenant_id", "k"}, {"tenant_id", "k"}, 1);
  EXPECT_EQ(sql,
            "INSERT INTO \"t\" (\"tenant_id\", \"k\") VALUES ($1, $2) ON CONFLICT (\"tenant_id\", \"k\") DO NOTHING");
}

TEST(BuildInsertSelectSql, MovesAStagedBatchWithTheSameConflictRule) {
  EXPECT_EQ(build_insert_select_sql("t", {"tenant_id", "k", "v"}, {"tenant_id", "k"}, "stage"),
            "INSERT INTO \"t\" (\"tenant_id\", \"k\", \"v\") SELECT \"tenant_id\", \"k\", \"v\" FROM \"stage\" "
            "WHERE true ON CONFLICT (\"tenant_id\", \"k\") DO UPDATE SET \"v\" = excluded.\"v\"");
  EXPECT_EQ(build_insert_select_sql("t", {"tenant_id", "k"}, {"tenant_id", "k"}, "stage", "rowid"),
            "INSERT INTO \"t\" (\"tenant_id\", \"k\") SELECT \"tenant_id\", \"k\" FROM \"stage\" "
            "WHERE true ORDER BY rowid ON CONFLICT (\"tenant_id\", \"k\") DO NOTHING");
}

TEST(BuildArrayUpsertSql, SendsThePrefixAsScalarsAndEveryOtherColumnAsATextArray) {
  EXPECT_EQ(
      build_array_upsert_sql("t", {"tenant_id", "run", "k", "v"},
                             {"pg_catalog.\"varchar\"", "pg_catalog.int8", "pg_catalog.text", "pg_catalog.bpchar"},
                             {"tenant_id", "k"}, 2),
      "INSERT INTO \"t\" (\"tenant_id\", \"run\", \"k\", \"v\") SELECT $1::pg_catalog.\"varchar\", "
      "$2::pg_catalog.int8, u.\"k\"::pg_catalog.text, u.\"v\"::pg_catalog.bpchar "
      "FROM unnest($3::text[], $4::text[]) AS u(\"k\", \"v\") "
      "ON CONFLICT (\"tenant_id\", \"k\") DO UPDATE SET \"run\" = excluded.\"run\", \"v\" = excluded.\"v\"");
}

TEST(QuoteIdentifier, DoublesEmbeddedQuotes) { EXPECT_EQ(quote_identifier("a\"b"), "\"a\"\"b\""); }

TEST(BuildDeleteUnseenSql, KeepsRowsOfThisRunOnly) {
  EXPECT_EQ(build_delete_unseen_sql("resources"),
            "DELETE FROM \"resources\" WHERE tenant_id = $1 AND (sync_run_id IS NULL OR sync_run_id <> $2)");
}

}  // namespace
}  // namespace govsync::host
