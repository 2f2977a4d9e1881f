#include "db/sql_script.hpp"

#include <gtest/gtest.h>

namespace govsync::host {
namespace {

TEST(SplitSqlScript, SplitsAtSemicolons) {
  const auto statements = split_sql_script("CREATE TABLE a (x INT);\nCREATE TABLE b (y INT);\n");
  ASSERT_EQ(statements.size(), 2U);
  EXPECT_EQ(statements[0], "CREATE TABLE a (x INT)");
  EXPECT_EQ(statements[1], "\nCREATE TABLE b (y INT)");
}

TEST(SplitSqlScript, IgnoresSemicolonsInQuotesAndComments) {
  const auto statements =
      split_sql_script("-- a comment; with a semicolon\nINSERT INTO t VALUES ('a;b', \"c;d\"); /* x; y */ SELECT 1;");
  ASSERT_EQ(statements.size(), 2U);
  EXPECT_NE(statements[0].find("'a;b'"), std::string::npos);
  EXPECT_NE(statements[1].find("SELECT 1"), std::string::npos);
}

TEST(SplitSqlScript, KeepsDollarQuotedBodiesWhole) {
  const auto statements = split_sql_script(
      "CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql;"
      "SELECT $$a;b$$;");
  ASSERT_EQ(statements.size(), 2U);
  EXPECT_NE(statements[0].find("SELECT 1; $body$"), std::string::npos);
}

TEST(SplitSqlScript, KeepsASqliteTriggerBodyWhole) {
  const auto statements = split_sql_script(
      "CREATE TRIGGER t_audit AFTER UPDATE ON t BEGIN\n"
      "  INSERT INTO audit VALUES (new.id, CASE WHEN new.x > 0 THEN 'up' ELSE 'down' END);\n"
      "  UPDATE t SET seen = 1 WHERE id = new.id;\n"
      "END;\n"
      "create temp trigger t2 before delete on t begin select raise(abort, 'no;'); end;\n"
      "BEGIN; SELECT 1; COMMIT;");
  ASSERT_EQ(statements.size(), 5U);
  EXPECT_NE(statements[0].find("WHERE id = new.id;\nEND"), std::string::npos) << statements[0];
  EXPECT_NE(statements[1].find("raise(abort, 'no;'); end"), std::string::npos) << statements[1];
  EXPECT_EQ(statements[2], "\nBEGIN") << "a transaction's BEGIN is no trigger body";
}

TEST(SplitSqlScript, ReadsPostgresEscapeStringsWithBackslashes) {
  const auto statements = split_sql_script("INSERT INTO t VALUES (E'it\\'s; fine', e'a\\\\'); SELECT 'x''y;z';");
  ASSERT_EQ(statements.size(), 2U);
  EXPECT_EQ(statements[0], "INSERT INTO t VALUES (E'it\\'s; fine', e'a\\\\')");
  EXPECT_EQ(statements[1], " SELECT 'x''y;z'");
}

TEST(SplitSqlScript, DropsEmptyAndCommentOnlyStatements) {
  EXPECT_TRUE(split_sql_script(" ; -- nothing\n ; /* */ ").empty());
  EXPECT_EQ(split_sql_script("SELECT 1").size(), 1U);
}

}  // namespace
}  // namespace govsync::host
