// Timestamp columns through the table writer: every spelling of an instant is
// stored as the same value on both backends, text that is no timestamp is
// stored as NULL (the row and the run go on), and a number is refused.
#include "writer_fixture.hpp"

namespace govsync::test {
namespace {

class WriterTimestamps : public WriterTest {
 protected:
  // created_time as the table stores it: canonical text on SQLite, the instant on PostgreSQL read back the same way.
  std::string stored(int i) {
    const auto column =
        GetParam() == Backend::sqlite
            ? std::string("CAST(created_time AS TEXT)")  // Poco's SQLite reader knows no TIMESTAMPTZ column
            : std::string("to_char(created_time AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')");
    return db_->text("SELECT " + column + " FROM resources WHERE resource_id = '/r/" + std::to_string(i) + "'");
  }
};

TEST_P(WriterTimestamps, EverySpellingOfAnInstantIsStoredAlike) {
  const std::vector<std::string> spellings = {"2023-03-13T19:15:41.6195833Z", "2023-03-13T19:15:41.6195833+00:00",
                                              "2023-03-13T21:15:41.619583+02:00", "2023-03-13 19:15:41.619583Z"};
  write("t1", 1, {{"resource_id"}, false}, [&](auto& w) {
    for (std::size_t i = 0; i < spellings.size(); ++i)
      w.upsert(resource(static_cast<int>(i), "r").set("created_time", spellings[i]));
    w.upsert(resource(9, "r").set("created_time", *parse_timestamp("2016-12-28T04:41:35Z")));
  });
  for (std::size_t i = 0; i < spellings.size(); ++i)
    EXPECT_EQ(stored(static_cast<int>(i)), "2023-03-13T19:15:41.619583Z") << spellings[i];
  EXPECT_EQ(stored(9), "2016-12-28T04:41:35.000000Z");
  // One column, one form: ordering by the column orders by time on both backends.
  EXPECT_EQ(db_->text("SELECT resource_id FROM resources ORDER BY created_time DESC, resource_id LIMIT 1"), "/r/0");
}

TEST_P(WriterTimestamps, TextThatIsNoTimestampIsStoredAsNullAndTheRowKept) {
  write("t1", 1, {{"resource_id"}, false}, [](auto& w) {
    w.upsert(resource(1, "bad").set("created_time", "last Tuesday"));
    w.upsert(resource(2, "good").set("created_time", "2024-02-29T12:00:00Z"));
    for (int i = 3; i < 12; ++i) w.upsert(resource(i, "bad").set("created_time", "2023-02-30T00:00:00Z"));
  });
  EXPECT_EQ(db_->count("SELECT COUNT(*) FROM resources"), 11);
  EXPECT_EQ(db_->count("SELECT COUNT(*) FROM resources WHERE created_time IS NULL"), 10);
  EXPECT_EQ(stored(2), "2024-02-29T12:00:00.000000Z");
}

TEST_P(WriterTimestamps, ANumberInATimestampColumnIsRefusedWithItsName) {
  host::LazyTransaction tx(db_->db());
  host::TableWriterImpl writer(tx, *catalog_.table("resources"), "t1", 1, {{"resource_id"}, false}, truncator_);
  try {
    writer.upsert(resource(1, "r").set("created_time", std::int64_t{1700000000}));
    FAIL() << "a number was taken as a timestamp";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("created_time"), std::string::npos) << e.what();
  }
  EXPECT_EQ(writer.rows_written(), 0U);
}

TEST_P(WriterTimestamps, DeleteUnseenWithinATimeRangeReadsTheEndsAsInstants) {
  write("t1", 1, {{"resource_id"}, true}, [](auto& w) {
    w.upsert(resource(1, "r").set("created_time", "2024-01-01T10:00:00Z"));
    w.upsert(resource(2, "r").set("created_time", "2024-01-02T10:00:00Z"));
    w.upsert(resource(4, "r").set("created_time", "2024-01-02T00:30:00Z"));  // as text inside the range, as time before
  });
  write("t1", 2, {{"resource_id"}, true}, [](auto& w) {
    // 2024-01-01T23:00:00-02:00 is 2024-01-02T01:00:00Z: row 1 lies outside the range and stays.
    w.delete_unseen_only_within("created_time", Value{std::string("2024-01-01T23:00:00-02:00")},
                                Value{std::string("2024-01-03")});
    w.upsert(resource(3, "r").set("created_time", "2024-01-02T12:00:00Z"));
  });
  EXPECT_EQ(db_->count("SELECT COUNT(*) FROM resources WHERE resource_id IN ('/r/1', '/r/3', '/r/4')"), 3);
  EXPECT_EQ(db_->count("SELECT COUNT(*) FROM resources WHERE resource_id = '/r/2'"), 0);
  host::LazyTransaction tx(db_->db());
  host::TableWriterImpl writer(tx, *catalog_.table("resources"), "t1", 3, {{"resource_id"}, true}, truncator_);
  EXPECT_THROW(
      writer.delete_unseen_only_within("created_time", Value{std::string("soon")}, Value{std::string("2024-01-03")}),
      std::invalid_argument);
}

TEST_P(WriterTimestamps, UnreadableTextInAKeyOrNotNullTimestampRefusesTheRow) {
  db_->execute(
      "CREATE TABLE stamped (tenant_id VARCHAR(63) NOT NULL, seen_at TIMESTAMPTZ NOT NULL, "
      "checked_at TIMESTAMPTZ NOT NULL, note TEXT, PRIMARY KEY (tenant_id, seen_at))");
  const auto catalog = [this] {
    auto lease = db_->db().lease();
    return host::SchemaCatalog::read(lease.session(), db_->db().dialect());
  }();
  host::LazyTransaction tx(db_->db());
  host::TableWriterImpl writer(tx, *catalog.table("stamped"), "t1", 1, {{"seen_at"}, false}, truncator_);
  auto row = [](const std::string& seen, const std::string& checked) {
    govsync::Row r;
    r.set("seen_at", seen).set("checked_at", checked).set("note", "n");
    return r;
  };
  writer.upsert(row("2024-01-01T00:00:00Z", "2024-01-01T00:00:00Z"));
  for (const auto& [seen, checked] : {std::pair{"soon", "2024-01-01T00:00:00Z"}, {"2024-01-02T00:00:00Z", "later"}}) {
    try {
      writer.upsert(row(seen, checked));
      ADD_FAILURE() << "an unreadable " << seen << "/" << checked << " was taken";
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find("is a key or NOT NULL"), std::string::npos) << e.what();
    }
  }
  EXPECT_EQ(writer.rows_written(), 1U);
  writer.finish();
  tx.commit();
  EXPECT_EQ(db_->count("SELECT COUNT(*) FROM stamped"), 1);
}

GOVSYNC_ON_EACH_BACKEND(WriterTimestamps);

// Rows that an older govsync stored on SQLite with the API's spelling are
// rewritten in the writer's form by migration 012, to the microsecond.
TEST(TimestampMigration, SqliteRowsStoredAsSentTakeTheCanonicalForm) {
  TestDatabase db(Backend::sqlite);
  const auto migrations = host::discover_migrations(migrations_dir(), db.db().dialect()).value();
  ASSERT_TRUE(host::apply_migrations(db.db(), migrations, 11).ok());
  const std::vector<std::pair<std::string, std::string>> stored_then_now = {
      {"2023-03-13T19:15:41.6195833Z", "2023-03-13T19:15:41.619583Z"},
      {"2016-12-28T04:41:35.9278721+00:00", "2016-12-28T04:41:35.927872Z"},
      {"2021-07-29T23:59:59.9999999-01:00", "2021-07-30T00:59:59.999999Z"},
      {"2023-03-13T19:15:41Z", "2023-03-13T19:15:41.000000Z"},
      {"2023-03-13T19:15:41.619583Z", "2023-03-13T19:15:41.619583Z"},
      {"2023-03-13T19:15:41+05:30", "2023-03-13T13:45:41.000000Z"},
      {"2023-03-13t19:15:41+0530", "2023-03-13T13:45:41.000000Z"},
      // Left as they are: SQLite's own date functions would read them, the writer does not.
      {"2023-02-30T00:00:00Z", "2023-02-30T00:00:00Z"},
      {"2023-03-13T24:00:00Z", "2023-03-13T24:00:00Z"},
      {"0001-01-01T00:00:00+00:01", "0001-01-01T00:00:00+00:01"},
      {"now", "now"},
      {"2023-03-13T19:15:41.12.34Z", "2023-03-13T19:15:41.12.34Z"},
      {"not a time", "not a time"}};
  for (std::size_t i = 0; i < stored_then_now.size(); ++i) {
    db.execute("INSERT INTO resources (tenant_id, resource_id, created_time) VALUES ('t1', '/r/" + std::to_string(i) +
               "', '" + stored_then_now[i].first + "')");
  }
  const auto applied = host::apply_migrations(db.db(), migrations);
  ASSERT_TRUE(applied.ok()) << applied.error().message;
  for (std::size_t i = 0; i < stored_then_now.size(); ++i) {
    EXPECT_EQ(
        db.text("SELECT CAST(created_time AS TEXT) FROM resources WHERE resource_id = '/r/" + std::to_string(i) + "'"),
        stored_then_now[i].second);
  }
}

}  // namespace
}  // namespace govsync::test
