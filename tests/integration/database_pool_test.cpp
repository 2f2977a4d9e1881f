// The session pool: bounded, reuses healthy sessions, never hands out one that failed.
#include <Poco/Util/MapConfiguration.h>

#include <thread>

#include "backend_param.hpp"
#include "db/lazy_transaction.hpp"
#include "migrate/migrator.hpp"
#include "runs/in_process_body.hpp"
#include "runs/run_executor.hpp"

namespace govsync::test {
namespace {

using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;

int backend_pid(Poco::Data::Session& session) {
  int pid = 0;
  session << "SELECT pg_backend_pid()", into(pid), now;
  return pid;
}

TEST(DatabasePool, ReusesAHealthySessionAndNeverADiscardedOne) {
  TestDatabase t(Backend::postgresql);
  host::Database db(host::parse_database_url(t.url()).value(), 2);
  int first = 0;
  {
    auto lease = db.lease();
    first = backend_pid(lease.session());
  }
  int again = 0;
  {
    auto lease = db.lease();
    again = backend_pid(lease.session());
    lease.discard();
  }
  EXPECT_EQ(again, first);
  EXPECT_EQ(db.discarded_sessions(), 1U);
  auto lease = db.lease();
  EXPECT_NE(backend_pid(lease.session()), first);
}

TEST(DatabasePool, OpensSessionsAheadUpToItsLimitAndTheRunsUseThem) {
  TestDatabase t(Backend::postgresql);
  host::Database db(host::parse_database_url(t.url() + " application_name=govsync_open_ahead").value(), 3);
  EXPECT_EQ(db.open_ahead(5), "");
  EXPECT_EQ(db.open_sessions(), 3U);
  EXPECT_EQ(t.count("SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = 'govsync_open_ahead'"), 3);
  {
    auto a = db.lease();
    auto b = db.lease();
    auto c = db.lease();
    EXPECT_EQ(db.open_sessions(), 3U);  // the leases took the idle sessions: none was opened for them
  }
  EXPECT_EQ(db.open_ahead(2), "");  // already open
  EXPECT_EQ(db.peak_sessions(), 3U);
}

TEST(DatabasePool, OpeningAheadAServerThatIsNotThereSaysWhyAndHoldsNothing) {
  host::Database db(host::parse_database_url("postgresql:host=127.0.0.1 port=1 user=nobody connect_timeout=2").value(),
                    2);
  const auto error = db.open_ahead(2);
  EXPECT_NE(error.find("127.0.0.1"), std::string::npos) << error;
  EXPECT_EQ(db.open_sessions(), 0U);
}

TEST(DatabaseTransactions, CommitAfterACaughtErrorFailsOnPostgreSQL) {
  // PostgreSQL silently turns COMMIT into ROLLBACK after a failed statement;
  // govsync's commit must say so instead of reporting success.
  TestDatabase t(Backend::postgresql);
  host::Database db(host::parse_database_url(t.url()).value(), 1);
  auto lease = db.lease();
  lease.session() << "CREATE TABLE items (x INTEGER NOT NULL)", now;
  {
    host::Transaction tx(db, lease.session());
    lease.session() << "INSERT INTO items VALUES (1)", now;
    EXPECT_ANY_THROW((lease.session() << "INSERT INTO items VALUES (NULL)", now));
    EXPECT_ANY_THROW(tx.commit());
  }
  lease.discard();
  EXPECT_EQ(t.count("SELECT COUNT(*) FROM items"), 0);
}

using DatabasePoolOnBackend = OnEachBackend;

TEST_P(DatabasePoolOnBackend, NeverOpensMoreThanItsLimit) {
  TestDatabase t(GetParam());
  host::Database db(host::parse_database_url(t.url()).value(), 2);
  std::vector<std::jthread> threads;
  for (int i = 0; i < 6; ++i) {
    threads.emplace_back([&db] {
      auto lease = db.lease();
      lease.session() << "SELECT 1", now;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    });
  }
  threads.clear();
  EXPECT_EQ(db.peak_sessions(), 2U);
}

TEST_P(DatabasePoolOnBackend, AFailedRunDiscardsItsSessionAndASuccessfulOneKeepsIt) {
  TestDatabase t(GetParam());
  auto& db = t.db();
  ASSERT_TRUE(host::apply_migrations(db, host::discover_migrations(migrations_dir(), db.dialect()).value()).ok());
  auto lease = db.lease();
  const auto catalog = host::SchemaCatalog::read(lease.session(), db.dialect());
  { auto done = std::move(lease); }

  auto loaded = host::load_plugin_file(fixture_dir() / "fixture_policy.so");
  ASSERT_TRUE(loaded.plugin.has_value()) << loaded.failure->message;
  host::BoundDomain domain;
  domain.settings.name = "fixture_policy";
  domain.plugin = &*loaded.plugin;
  domain.plugin_config = new Poco::Util::MapConfiguration;
  domain.plugin_config->setString("throw_tenants", "bad");
  host::TenantSettings good;
  good.id = "good";
  host::TenantSettings bad;
  bad.id = "bad";

  host::InProcessBody body(db, catalog);
  host::OwnedRuns owned("test-owner");
  host::RunExecutor executor(db, body, owned);
  host::RunControl first;
  const auto ok = executor.execute({&domain, &good, "manual", 1}, first);
  EXPECT_EQ(ok.status, host::RunStatus::succeeded) << ok.error;
  EXPECT_EQ(db.discarded_sessions(), 0U);
  host::RunControl second;
  const auto failed = executor.execute({&domain, &bad, "manual", 1}, second);
  EXPECT_EQ(failed.status, host::RunStatus::failed);
  EXPECT_EQ(db.discarded_sessions(), 1U);
  EXPECT_EQ(t.count("SELECT COUNT(*) FROM sync_runs WHERE owner = 'test-owner' AND status = 'failed'"), 1);
}

TEST_P(DatabasePoolOnBackend, ALazyTransactionHoldsNothingUntilItsFirstUseAndCommitsOnlyWhatItWasGiven) {
  TestDatabase t(GetParam());
  auto& db = t.db();
  {
    auto lease = db.lease();
    lease.session() << "CREATE TABLE items (x INTEGER NOT NULL)", now;
  }
  {
    host::LazyTransaction unused(db);
    EXPECT_FALSE(unused.begun());
    // Nothing holds the pool's only idle session, nor (on SQLite) the writer lock.
    host::Database other(host::parse_database_url(t.url()).value(), 1, std::chrono::milliseconds(200));
    auto lease = other.lease();
    host::Transaction tx(other, lease.session());
    lease.session() << "INSERT INTO items VALUES (1)", now;
    tx.commit();
    EXPECT_THROW(unused.commit(), std::logic_error);
  }
  EXPECT_EQ(db.discarded_sessions(), 0U);
  {
    host::LazyTransaction tx(db);
    tx.session() << "INSERT INTO items VALUES (2)", now;
    EXPECT_TRUE(tx.begun());
    tx.commit();
    EXPECT_THROW(tx.session(), std::logic_error);
  }
  {
    host::LazyTransaction dropped(db);
    dropped.session() << "INSERT INTO items VALUES (3)", now;
  }  // never committed: rolled back, and its session discarded
  EXPECT_EQ(db.discarded_sessions(), 1U);
  EXPECT_EQ(t.count("SELECT COUNT(*) FROM items"), 2);
  EXPECT_EQ(t.count("SELECT COUNT(*) FROM items WHERE x = 3"), 0);
}

GOVSYNC_ON_EACH_BACKEND(DatabasePoolOnBackend);

}  // namespace
}  // namespace govsync::test
