// Large batches through the writer on both dialects: on PostgreSQL they go
// through COPY into a staging table, on SQLite through one prepared upsert.
// Every kind of value must arrive as it was given, and a failure inside a
// large batch must fail the writer.
#include <spdlog/spdlog.h>

#include "backend_param.hpp"
#include "migrate/migrator.hpp"
#include "truncate/truncation_service.hpp"
#include "writer/table_writer.hpp"

namespace govsync::test {
namespace {

constexpr int kRows = 300;  // above the size where PostgreSQL batches use COPY

class WriterBatchTest : public OnEachBackend {
 protected:
  void SetUp() override {
    db_ = std::make_unique<TestDatabase>(GetParam());
    auto migrated =
        host::apply_migrations(db_->db(), host::discover_migrations(migrations_dir(), db_->db().dialect()).value());
    ASSERT_TRUE(migrated.ok()) << migrated.error().message;
    auto lease = db_->db().lease();
    catalog_ = host::SchemaCatalog::read(lease.session(), db_->db().dialect());
  }

  std::unique_ptr<TestDatabase> db_;
  host::SchemaCatalog catalog_;
  host::TruncationService truncator_{catalog_, spdlog::default_logger(), "test", "t1", 1};
};

TEST_P(WriterBatchTest, TextNullsBooleansAndNumbersArriveAsGiven) {
  const std::string awkward = "tab\there\\back\nnew line\r\\N ü政";
  {
    auto lease = db_->db().lease();
    host::Transaction tx(db_->db(), lease.session());
    host::TableWriterImpl resources(lease.session(), *catalog_.table("resources"), "t1", 7, {{"resource_id"}, false},
                                    truncator_);
    host::TableWriterImpl costs(
        lease.session(), *catalog_.table("cost_daily"), "t1", 7,
        {{"subscription_id", "usage_date", "resource_group", "service_name", "currency"}, false}, truncator_);
    for (int i = 0; i < kRows; ++i) {
      govsync::Row resource;
      resource.set("resource_id", "/r/" + std::to_string(i))
          .set("name", i == 0 ? std::optional<std::string>() : std::optional<std::string>(awkward))
          .set("is_orphan", i % 2 == 0);
      resources.upsert(resource);
      govsync::Row cost;
      cost.set("subscription_id", "s")
          .set("usage_date", "2026-11-01")
          .set("resource_group", "rg" + std::to_string(i))
          .set("service_name", "Storage")
          .set("currency", "EUR")
          .set("cost", 0.1 * i);
      costs.upsert(cost);
    }
    resources.finish();
    costs.finish();
    tx.commit();
  }
  EXPECT_EQ(db_->count("SELECT COUNT(*) FROM resources WHERE sync_run_id = 7"), kRows);
  EXPECT_EQ(db_->count("SELECT COUNT(*) FROM resources WHERE name IS NULL"), 1);
  EXPECT_EQ(db_->text("SELECT name FROM resources WHERE resource_id = '/r/1'"), awkward);
  EXPECT_EQ(db_->count("SELECT COUNT(*) FROM resources WHERE is_orphan = TRUE"), kRows / 2);
  EXPECT_DOUBLE_EQ(db_->real("SELECT cost FROM cost_daily WHERE resource_group = 'rg3'"), 0.1 * 3);
}

TEST_P(WriterBatchTest, AFailureInALargeBatchFailsTheWriter) {
  auto lease = db_->db().lease();
  host::Transaction tx(db_->db(), lease.session());
  host::TableWriterImpl writer(lease.session(), *catalog_.table("resources"), "t1", 1, {{"resource_id"}, false},
                               truncator_);
  for (int i = 0; i < kRows; ++i) {
    govsync::Row row;
    row.set("resource_id", "/r/" + std::to_string(i)).set("name", "x");
    if (i == kRows / 2) {
      row.set("is_orphan", std::nullopt);  // NOT NULL
    } else {
      row.set("is_orphan", false);
    }
    writer.upsert(row);
  }
  try {
    writer.flush();
    FAIL() << "the NOT NULL violation was not reported";
  } catch (const std::exception& e) {
    const std::string message = e.what();
    EXPECT_TRUE(message.find("NOT NULL constraint failed") != std::string::npos ||
                message.find("null value in column \"is_orphan\"") != std::string::npos)
        << message;
  }
  EXPECT_TRUE(writer.failed());
}

GOVSYNC_ON_EACH_BACKEND(WriterBatchTest);

}  // namespace
}  // namespace govsync::test
