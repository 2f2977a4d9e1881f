// The table writer on both dialects: upsert by natural key, tenant stamping,
// batching, delete-unseen, fitting through the truncator, and clear errors.
#include <limits>

#include "writer_fixture.hpp"

namespace govsync::test {
namespace {

TEST_P(WriterTest, UpsertsByNaturalKeyAcrossBatches) {
  write("t1", 1, {{"resource_id"}, false}, [](auto& w) {
    for (int i = 0; i < 1200; ++i) w.upsert(resource(i, "first"));
    EXPECT_EQ(w.rows_written(), 1200U);
  });
  write("t1", 2, {{"resource_id"}, false}, [](auto& w) {
    for (int i = 0; i < 1200; i += 2) w.upsert(resource(i, "second"));
  });
  EXPECT_EQ(db_->count("SELECT COUNT(*) FROM resources WHERE tenant_id = 't1'"), 1200);
  EXPECT_EQ(db_->count("SELECT COUNT(*) FROM resources WHERE name = 'second'"), 600);
  EXPECT_EQ(db_->count("SELECT COUNT(*) FROM resources WHERE sync_run_id = 2"), 600);
}

TEST_P(WriterTest, TheSameKeyTwiceInOneBatchKeepsTheLaterRow) {
  write("t1", 1, {{"resource_id"}, false}, [](auto& w) {
    w.upsert(resource(1, "earlier"));
    w.upsert(resource(1, "later"));
  });
  EXPECT_EQ(db_->count("SELECT COUNT(*) FROM resources"), 1);
  EXPECT_EQ(db_->text("SELECT name FROM resources"), "later");
}

TEST_P(WriterTest, AKeyRepeatedInALaterBatchOfAFirstSyncKeepsTheLaterRow) {
  // A tenant's first sync of a table appends its batches on PostgreSQL; a
  // listing that shifted while it was paged can repeat a key in a later batch.
  write("t1", 1, {{"resource_id"}, true}, [](auto& w) {
    for (int i = 0; i < 6000; ++i) w.upsert(resource(i, "first"));
    for (int i = 0; i < 6000; i += 3) w.upsert(resource(i, "again"));
    for (int i = 6000; i < 6100; ++i) w.upsert(resource(i, "after"));
  });
  EXPECT_EQ(db_->count("SELECT COUNT(*) FROM resources WHERE tenant_id = 't1'"), 6100);
  EXPECT_EQ(db_->count("SELECT COUNT(*) FROM resources WHERE name = 'again'"), 2000);
  EXPECT_EQ(db_->count("SELECT COUNT(*) FROM resources WHERE name = 'after'"), 100);
  EXPECT_EQ(db_->count("SELECT COUNT(*) FROM resources WHERE resource_id = '/r/3' AND name = 'again'"), 1);
}

TEST_P(WriterTest, AFirstSyncBesideAnotherTenantsRowsAndASecondSyncBothStoreEveryRow) {
  const auto fill = [](const std::string& name) {
    return [name](auto& w) {
      for (int i = 0; i < 300; ++i) w.upsert(resource(i, name));
    };
  };
  write("t2", 1, {{"resource_id"}, true}, fill("other tenant"));
  write("t1", 2, {{"resource_id"}, true}, fill("first"));
  EXPECT_EQ(write("t1", 3, {{"resource_id"}, true},
                  [](auto& w) {
                    for (int i = 0; i < 250; ++i) w.upsert(resource(i, "second"));
                  }),
            50U);
  EXPECT_EQ(db_->count("SELECT COUNT(*) FROM resources WHERE tenant_id = 't1' AND name = 'second'"), 250);
  EXPECT_EQ(db_->count("SELECT COUNT(*) FROM resources WHERE tenant_id = 't1'"), 250);
  EXPECT_EQ(db_->count("SELECT COUNT(*) FROM resources WHERE tenant_id = 't2' AND name = 'other tenant'"), 300);
}

TEST_P(WriterTest, DeleteUnseenRemovesOnlyThisTenantsMissingRows) {
  write("t1", 1, {{"resource_id"}, true}, [](auto& w) {
    for (int i = 0; i < 5; ++i) w.upsert(resource(i, "x"));
  });
  write("t2", 2, {{"resource_id"}, true}, [](auto& w) {
    for (int i = 0; i < 5; ++i) w.upsert(resource(i, "x"));
  });
  const auto deleted = write("t1", 3, {{"resource_id"}, true}, [](auto& w) {
    for (int i = 0; i < 3; ++i) w.upsert(resource(i, "x"));
  });
  EXPECT_EQ(deleted, 2U);
  EXPECT_EQ(db_->count("SELECT COUNT(*) FROM resources WHERE tenant_id = 't1'"), 3);
  EXPECT_EQ(db_->count("SELECT COUNT(*) FROM resources WHERE tenant_id = 't2'"), 5);
}

TEST_P(WriterTest, StoresEveryValueType) {
  write(
      "t1", 1, {{"resource_id"}, false},
      [](auto& w) {
        govsync::Row row;
        row.set("resource_id", "/r/typed")
            .set("name", std::nullopt)
            .set("is_orphan", true)
            .set("tags", "{\"env\":\"prod\"}");
        w.upsert(row);
      },
      "resources");
  EXPECT_EQ(db_->count("SELECT COUNT(*) FROM resources WHERE name IS NULL AND is_orphan = TRUE"), 1);
  write(
      "t1", 1, {{"subscription_id", "usage_date", "resource_group", "service_name", "currency"}, false},
      [](auto& w) {
        govsync::Row row;
        row.set("subscription_id", "s")
            .set("usage_date", "2026-11-01")
            .set("resource_group", "rg")
            .set("service_name", "Storage")
            .set("currency", "EUR")
            .set("cost", 12.5);
        w.upsert(row);
      },
      "cost_daily");
  EXPECT_EQ(db_->count("SELECT COUNT(*) FROM cost_daily WHERE cost > 12.4 AND cost < 12.6"), 1);
}

TEST_P(WriterTest, FitsBoundedTextAndRecordsTheCut) {
  const std::string long_name(300, 'n');  // resources.name is VARCHAR(255)
  write("t1", 1, {{"resource_id"}, false}, [&](auto& w) { w.upsert(resource(7, long_name)); });
  EXPECT_EQ(db_->text("SELECT name FROM resources"), std::string(255, 'n'));
  const auto records = truncator_.take_records();
  ASSERT_EQ(records.size(), 1U);
  EXPECT_EQ(records[0].table, "resources");
  EXPECT_EQ(records[0].column, "name");
  EXPECT_EQ(records[0].row_key, "/r/7");
  EXPECT_EQ(records[0].original_chars, 300U);
  EXPECT_EQ(records[0].max_chars, 255U);
}

TEST_P(WriterTest, RefusesMistakesWithClearErrors) {
  auto expect_error = [&](govsync::WriterOptions options, const govsync::Row& row, const std::string& expected,
                          const std::string& table = "resources") {
    host::LazyTransaction tx(db_->db());
    try {
      host::TableWriterImpl writer(tx, *catalog_.table(table), "t1", 1, std::move(options), truncator_);
      writer.upsert(row);
      FAIL() << "expected an error containing: " << expected;
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find(expected), std::string::npos) << e.what();
    }
  };
  govsync::Row unknown;
  unknown.set("resource_id", "/r").set("colour", "blue");
  expect_error({{"resource_id"}, false}, unknown, "the table has no column colour");
  govsync::Row stamped;
  stamped.set("resource_id", "/r").set("tenant_id", "other");
  expect_error({{"resource_id"}, false}, stamped, "tenant_id is set by the host");
  govsync::Row keyless;
  keyless.set("name", "x");
  expect_error({{"resource_id"}, false}, keyless, "does not set key column resource_id");
  expect_error({{}, false}, keyless, "key_columns is empty");
  govsync::Row audit;
  audit.set("plugin", "x");
  expect_error({{"plugin"}, true}, audit, "delete_unseen needs a sync_run_id column", "truncation_audit");
}

TEST_P(WriterTest, AFailedWriteStaysFailedEvenWhenThePluginCatchesIt) {
  host::LazyTransaction tx(db_->db());
  tx.session();  // inside the transaction every batch goes straight into the table, so the plugin sees the failure
  host::TableWriterImpl writer(tx, *catalog_.table("resources"), "t1", 1, {{"resource_id"}, false}, truncator_);
  govsync::Row broken;
  broken.set("resource_id", "/r/1").set("name", "x").set("is_orphan", std::nullopt);  // NOT NULL
  try {
    writer.upsert(broken);
    writer.flush();
    FAIL() << "the NOT NULL violation was not reported";
  } catch (const std::exception&) {  // a plugin that "logs and skips"
  }
  EXPECT_TRUE(writer.failed());
  EXPECT_THROW(writer.upsert(resource(2, "y")), std::runtime_error);
  EXPECT_THROW(writer.finish(), std::runtime_error);
}

// Large batches: on PostgreSQL through COPY, on SQLite through one prepared
// upsert. Every kind of value arrives as it was given.
constexpr int kLargeBatch = 300;  // above the size where PostgreSQL batches use COPY

TEST_P(WriterTest, TextNullsBooleansAndNumbersArriveAsGiven) {
  const std::string awkward = "tab\there\\back\nnew line\r\\N ü政";
  {
    host::LazyTransaction tx(db_->db());
    host::TableWriterImpl resources(tx, *catalog_.table("resources"), "t1", 7, {{"resource_id"}, false}, truncator_);
    host::TableWriterImpl costs(
        tx, *catalog_.table("cost_daily"), "t1", 7,
        {{"subscription_id", "usage_date", "resource_group", "service_name", "currency"}, false}, truncator_);
    for (int i = 0; i < kLargeBatch; ++i) {
      govsync::Row resource;
      resource.set("resource_id", "/r/" + std::to_string(i))
          .set("name", i == 0 ? std::optional<std::string>() : std::optional<std::string>(awkward))
          .set("is_orphan", i % 2 == 0);
      resources.upsert(resource);
      costs.upsert(cost(i, 0.1 * i));
    }
    resources.finish();
    costs.finish();
    tx.commit();
  }
  EXPECT_EQ(db_->count("SELECT COUNT(*) FROM resources WHERE sync_run_id = 7"), kLargeBatch);
  EXPECT_EQ(db_->count("SELECT COUNT(*) FROM resources WHERE name IS NULL"), 1);
  EXPECT_EQ(db_->text("SELECT name FROM resources WHERE resource_id = '/r/1'"), awkward);
  EXPECT_EQ(db_->count("SELECT COUNT(*) FROM resources WHERE is_orphan = TRUE"), kLargeBatch / 2);
  EXPECT_DOUBLE_EQ(db_->real("SELECT cost FROM cost_daily WHERE resource_group = 'rg3'"), 0.1 * 3);
}

TEST_P(WriterTest, NotANumberAndInfinitiesArriveAsGivenInSmallAndLargeBatches) {
  if (GetParam() != Backend::postgresql) GTEST_SKIP() << "SQLite stores NaN as NULL";
  const std::vector<double> specials{std::numeric_limits<double>::quiet_NaN(),
                                     -std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity(),
                                     -std::numeric_limits<double>::infinity()};
  for (const int rows : {4, kLargeBatch}) {  // bound statements; COPY, then one upsert over the stored rows
    for (const std::int64_t run : {1, 2}) {
      write(
          "t" + std::to_string(rows), run,
          {{"subscription_id", "usage_date", "resource_group", "service_name", "currency"}, false},
          [&](auto& w) {
            for (int i = 0; i < rows; ++i) {
              w.upsert(cost(i, run == 1 ? 1.0 : specials[static_cast<std::size_t>(i) % specials.size()]));
            }
          },
          "cost_daily");
    }
    const std::string tenant = "tenant_id = 't" + std::to_string(rows) + "'";
    EXPECT_EQ(db_->text("SELECT cost::text FROM cost_daily WHERE " + tenant + " AND resource_group = 'rg0'"), "NaN");
    EXPECT_EQ(db_->text("SELECT cost::text FROM cost_daily WHERE " + tenant + " AND resource_group = 'rg1'"), "NaN");
    EXPECT_EQ(db_->text("SELECT cost::text FROM cost_daily WHERE " + tenant + " AND resource_group = 'rg2'"),
              "Infinity");
    EXPECT_EQ(db_->text("SELECT cost::text FROM cost_daily WHERE " + tenant + " AND resource_group = 'rg3'"),
              "-Infinity");
  }
}

TEST_P(WriterTest, AFailureInALargeBatchFailsTheWriter) {
  host::LazyTransaction tx(db_->db());
  host::TableWriterImpl writer(tx, *catalog_.table("resources"), "t1", 1, {{"resource_id"}, false}, truncator_);
  for (int i = 0; i < kLargeBatch; ++i) {
    govsync::Row row;
    row.set("resource_id", "/r/" + std::to_string(i)).set("name", "x");
    if (i == kLargeBatch / 2) {
      row.set("is_orphan", std::nullopt);  // NOT NULL
    } else {
      row.set("is_orphan", false);
    }
    writer.upsert(row);
  }
  try {
    writer.flush();   // PostgreSQL reports it here; SQLite keeps the batch aside until the run's end
    writer.finish();  // and reports it here
    FAIL() << "the NOT NULL violation was not reported";
  } catch (const std::exception& e) {
    const std::string message = e.what();
    EXPECT_TRUE(message.find("NOT NULL constraint failed") != std::string::npos ||
                message.find("null value in column \"is_orphan\"") != std::string::npos)
        << message;
  }
  EXPECT_TRUE(writer.failed());
}

TEST_P(WriterTest, UpsertsOverStoredRowsKeepEveryValueAsGiven) {
  // The first run appends (COPY on PostgreSQL); the second upserts over its
  // keys (one array per column on PostgreSQL), so each text goes through the
  // array literal's quoting.
  const std::vector<std::string> names{
      "he said \"hi\"",        "back\\slash\\",      "{braces},commas", "NULL",     "",
      "two\nlines\tand a tab", "Z\u00fcrich \u2713", "'quoted'",        " padded ", "null"};
  write("t1", 1, {{"resource_id"}, false}, [](auto& w) {
    for (int i = 0; i < kLargeBatch; ++i) w.upsert(resource(i, "first"));
  });
  write("t1", 2, {{"resource_id"}, false}, [&](auto& w) {
    for (int i = 0; i < kLargeBatch; ++i) {
      auto row = resource(i, names[static_cast<std::size_t>(i) % names.size()]);
      row.set("is_orphan", i % 2 != 0);  // the other way round from the first run
      row.set("tags", R"({"env": "a,b", "q": "x\"y"})");
      if (i % 3 == 0) {
        row.set("created_time", "2026-11-01T10:00:00Z");
      } else {
        row.set("created_time", std::nullopt);
      }
      if (i == 15) row.set("name", std::nullopt);
      w.upsert(row);
    }
  });
  EXPECT_EQ(db_->count("SELECT COUNT(*) FROM resources WHERE sync_run_id = 2"), kLargeBatch);
  for (std::size_t i = 0; i < names.size(); ++i) {
    EXPECT_EQ(db_->text("SELECT name FROM resources WHERE resource_id = '/r/" + std::to_string(i) + "'"), names[i]);
  }
  EXPECT_EQ(db_->count("SELECT COUNT(*) FROM resources WHERE resource_id = '/r/15' AND name IS NULL"), 1);
  EXPECT_EQ(db_->count("SELECT COUNT(*) FROM resources WHERE is_orphan AND resource_id = '/r/1'"), 1);
  EXPECT_EQ(db_->count("SELECT COUNT(*) FROM resources WHERE is_orphan"), kLargeBatch / 2);
  EXPECT_EQ(db_->count("SELECT COUNT(*) FROM resources WHERE created_time IS NOT NULL"), kLargeBatch / 3);
  EXPECT_EQ(db_->text("SELECT tags FROM resources WHERE resource_id = '/r/7'"), R"({"env": "a,b", "q": "x\"y"})");
  if (GetParam() == Backend::postgresql) {  // and no table was created for it
    EXPECT_EQ(db_->count("SELECT COUNT(*) FROM pg_class WHERE relnamespace = pg_my_temp_schema()"), 0);
  }
}

TEST_P(WriterTest, PostgreSQLUpsertsReadTheColumnTypesOfTheLiveSchema) {
  if (GetParam() != Backend::postgresql) GTEST_SKIP() << "SQLite does not type its columns";
  write("t1", 1, {{"resource_id"}, false}, [](auto& w) {
    for (int i = 0; i < kLargeBatch; ++i) w.upsert(resource(i, "first"));
  });
  // An upsert of the same columns on the pool's session before the change.
  write("t1", 2, {{"resource_id"}, false}, [](auto& w) {
    for (int i = 0; i < kLargeBatch; ++i) w.upsert(resource(i, "second").set("sku_name", "Standard"));
  });
  // A migration after the catalog was read turns a text column into JSON: an
  // upsert must parse the value as JSON, not store it as a JSON string.
  {
    auto lease = db_->db().lease();
    lease.session() << "ALTER TABLE resources ALTER COLUMN sku_name TYPE jsonb USING to_jsonb(sku_name)",
        Poco::Data::Keywords::now;
    // and a CHAR(n) column, which a cast to "character" would cut to one character
    lease.session() << "ALTER TABLE resources ALTER COLUMN sku_tier TYPE CHAR(3)", Poco::Data::Keywords::now;
  }
  write("t1", 3, {{"resource_id"}, false}, [](auto& w) {
    for (int i = 0; i < kLargeBatch; ++i)
      w.upsert(resource(i, "third").set("sku_name", R"({"tier": "Standard"})").set("sku_tier", "ab"));
  });
  EXPECT_EQ(db_->count("SELECT COUNT(*) FROM resources WHERE sku_name->>'tier' = 'Standard' AND sync_run_id = 3"),
            kLargeBatch);
  EXPECT_EQ(db_->count("SELECT COUNT(*) FROM resources WHERE sku_tier = 'ab'"), kLargeBatch);
  // A value too long for the column is refused, as COPY refuses it, not cut.
  try {
    write("t1", 4, {{"resource_id"}, false}, [](auto& w) {
      for (int i = 0; i < kLargeBatch; ++i)
        w.upsert(resource(i, "fourth").set("sku_name", "{}").set("sku_tier", "abcd"));
    });
    FAIL() << "a value too long for CHAR(3) was stored";
  } catch (const std::exception& e) {
    EXPECT_NE(std::string(e.what()).find("value too long for type character(3)"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("writer for resources"), std::string::npos) << e.what();
  }
  EXPECT_EQ(db_->count("SELECT COUNT(*) FROM resources WHERE sync_run_id = 4"), 0);
}

TEST_P(WriterTest, BatchesBeforeTheTransactionLeaveOtherWritersFreeOnSQLite) {
  host::LazyTransaction tx(db_->db());
  host::TableWriterImpl writer(tx, *catalog_.table("resources"), "t1", 1, {{"resource_id"}, true}, truncator_);
  for (int i = 0; i < 2500; ++i) writer.upsert(resource(i, "staged"));  // two full batches on SQLite
  writer.flush();
  EXPECT_EQ(tx.begun(), GetParam() == Backend::postgresql);
  if (GetParam() == Backend::sqlite) {
    // Another writer commits meanwhile, which a held writer lock would refuse.
    host::Database other(host::parse_database_url(db_->url()).value(), 1, std::chrono::milliseconds(200));
    auto lease = other.lease();
    host::Transaction other_tx(other, lease.session());
    lease.session()
        << "INSERT INTO resources (tenant_id, resource_id, name, is_orphan) VALUES ('t2', '/r/0', 'other', 0)",
        Poco::Data::Keywords::now;
    other_tx.commit();
  }
  writer.upsert(resource(7, "last batch"));
  writer.finish();
  tx.commit();
  EXPECT_EQ(db_->count("SELECT COUNT(*) FROM resources WHERE tenant_id = 't1'"), 2500);
  EXPECT_EQ(db_->text("SELECT name FROM resources WHERE tenant_id = 't1' AND resource_id = '/r/7'"), "last batch");
}

GOVSYNC_ON_EACH_BACKEND(WriterTest);

}  // namespace
}  // namespace govsync::test
