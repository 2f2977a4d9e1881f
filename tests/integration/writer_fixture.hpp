#pragma once
// A migrated test database on each backend and a way to write rows through
// the host's TableWriter in one committed transaction.

#include <spdlog/spdlog.h>

#include <memory>
#include <string>

#include "backend_param.hpp"
#include "migrate/migrator.hpp"
#include "truncate/truncation_service.hpp"
#include "writer/table_writer.hpp"

namespace govsync::test {

class WriterTest : public OnEachBackend {
 protected:
  void SetUp() override {
    db_ = std::make_unique<TestDatabase>(GetParam());
    auto migrated =
        host::apply_migrations(db_->db(), host::discover_migrations(migrations_dir(), db_->db().dialect()).value());
    ASSERT_TRUE(migrated.ok()) << migrated.error().message;
    auto lease = db_->db().lease();
    catalog_ = host::SchemaCatalog::read(lease.session(), db_->db().dialect());
  }

  // Writes rows for a tenant in one committed transaction, through a fresh writer.
  template <typename Fill>
  std::uint64_t write(const std::string& tenant, std::int64_t run_id, govsync::WriterOptions options, Fill&& fill,
                      const std::string& table = "resources") {
    host::LazyTransaction tx(db_->db());
    host::TableWriterImpl writer(tx, *catalog_.table(table), tenant, run_id, std::move(options), truncator_);
    fill(writer);
    const auto deleted = writer.finish();
    tx.commit();
    return deleted;
  }

  static govsync::Row resource(int i, const std::string& name) {
    govsync::Row row;
    row.set("resource_id", "/r/" + std::to_string(i)).set("name", name).set("is_orphan", i % 2 == 0);
    return row;
  }

  // A cost_daily row of resource group rg<i>.
  static govsync::Row cost(int i, double amount) {
    govsync::Row row;
    row.set("subscription_id", "s")
        .set("usage_date", "2026-11-01")
        .set("resource_group", "rg" + std::to_string(i))
        .set("service_name", "Storage")
        .set("currency", "EUR")
        .set("cost", amount);
    return row;
  }

  std::unique_ptr<TestDatabase> db_;
  host::SchemaCatalog catalog_;
  host::TruncationService truncator_{catalog_, spdlog::default_logger(), "test", "t1", 1};
};

}  // namespace govsync::test
