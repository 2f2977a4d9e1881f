// Cluster mode with real daemon processes sharing one PostgreSQL database:
// every slot runs exactly once across three hosts, a killed host's runs are
// failed by a peer and re-run, and a host stopped past ghost_after never
// commits the run its peers recovered; and one (domain, tenant) never runs
// twice at once, on any backend.
#include <algorithm>
#include <csignal>
#include <thread>

#include "cluster/cluster_membership.hpp"
#include "cluster/run_claims.hpp"
#include "migrate/migrator.hpp"
#include "runs/run_ledger.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

namespace govsync::test {
namespace {

using namespace std::chrono_literals;

class Cluster : public ::testing::Test {
 protected:
  std::filesystem::path config(const std::vector<std::string>& plugins, int tenants, const std::string& extra) {
    return write_config(
        dir_, db_.url(), plugin_dir_with(dir_, plugins), tenants,
        "[cluster]\nenabled = true\n[scheduler]\nheartbeat = 1s\nghost_after = 3s\nstagger = 0s\n" + extra);
  }
  void start_hosts(const std::filesystem::path& file, int count) {
    for (int h = 0; h < count; ++h) {
      hosts_.push_back(std::make_unique<DaemonProcess>(file, dir_ / ("host" + std::to_string(h) + ".log")));
    }
  }
  std::string logs() {
    std::string all;
    for (std::size_t h = 0; h < hosts_.size(); ++h) {
      all += "--- host" + std::to_string(h) + "\n" + read_file(dir_ / ("host" + std::to_string(h) + ".log"));
    }
    return all;
  }
  void stop_hosts() {
    for (auto& host : hosts_) {
      if (host->running()) host->signal(SIGTERM);
    }
    for (auto& host : hosts_) {
      if (host->running()) {
        EXPECT_EQ(host->wait_exit(15s), 0);
      }
    }
  }
  // Every host serves (a host still starting would fail a dead one's runs as ghosts of a gone process).
  bool all_serving() {
    return eventually(
        [&] {
          for (std::size_t h = 0; h < hosts_.size(); ++h) {
            if (read_file(dir_ / ("host" + std::to_string(h) + ".log")).find("serving as") == std::string::npos) {
              return false;
            }
          }
          return true;
        },
        20s);
  }
  static std::string owner_like(int pid) { return "'%:" + std::to_string(pid) + ":%'"; }
  std::int64_t count(const std::string& sql) { return db_.count(sql); }

  TestDatabase db_{Backend::postgresql};
  TempDir dir_;
  std::vector<std::unique_ptr<DaemonProcess>> hosts_;
};

TEST_F(Cluster, ThreeHostsRunEverySlotExactlyOnce) {
  const auto file = config({"fixture_domain_1.so", "fixture_domain_2.so"}, 50,
                           "[domain.fixture_domain_1]\nenabled = true\ninterval = 4s\n"
                           "[domain.fixture_domain_2]\nenabled = true\ninterval = 4s\n");
  start_hosts(file, 3);
  // Until four windows after the first have had their runs.
  ASSERT_TRUE(eventually([&] { return count("SELECT COUNT(DISTINCT window_start) FROM run_claims") >= 5; }, 40s))
      << logs();
  stop_hosts();

  EXPECT_EQ(count("SELECT COUNT(*) FROM sync_runs WHERE status <> 'succeeded' "
                  "AND error NOT LIKE 'interrupted by shutdown%'"),
            0)
      << logs();
  EXPECT_EQ(count("SELECT COUNT(*) FROM sync_runs r WHERE NOT EXISTS "
                  "(SELECT 1 FROM run_claims c WHERE c.run_id = r.id)"),
            0)
      << "every run executes a claim";
  // Zero duplicates: one run per (domain, tenant, window).
  EXPECT_EQ(count("SELECT COUNT(*) FROM (SELECT c.domain, c.tenant_id, c.window_start FROM run_claims c "
                  "JOIN sync_runs r ON r.id = c.run_id GROUP BY 1, 2, 3 HAVING COUNT(*) > 1) d"),
            0);
  // Zero gaps: each complete window (not the first, when hosts were starting,
  // nor the last, cut by the stop) ran all 100 (domain, tenant) pairs.
  const auto complete = count(
      "SELECT COUNT(DISTINCT window_start) FROM run_claims WHERE window_start > (SELECT MIN(window_start) FROM "
      "run_claims) AND window_start < (SELECT MAX(window_start) FROM run_claims)");
  ASSERT_GE(complete, 3);
  EXPECT_EQ(count("SELECT COUNT(*) FROM (SELECT DISTINCT c.domain, c.tenant_id, c.window_start FROM run_claims c "
                  "JOIN sync_runs r ON r.id = c.run_id AND r.status = 'succeeded' "
                  "WHERE c.window_start > (SELECT MIN(window_start) FROM run_claims) "
                  "AND c.window_start < (SELECT MAX(window_start) FROM run_claims)) w"),
            100 * complete)
      << logs();
  EXPECT_EQ(count("SELECT COUNT(DISTINCT host) FROM run_claims"), 3) << "every host did work\n" << logs();
}

TEST_F(Cluster, AKilledHostsRunsAreFailedByAPeerAndRunAgain) {
  const auto file = config({"fixture_policy.so"}, 6,
                           "[scheduler]\nconcurrency = 2\n"
                           "[domain.fixture_policy]\nenabled = true\ninterval = 1h\nrows = 3\nsleep_ms = 2500\n");
  start_hosts(file, 3);
  // Every host serves before one dies (a host still starting would fail the
  // dead one's runs as ghosts of a gone process at its own start instead).
  ASSERT_TRUE(all_serving()) << logs();
  auto& victim = *hosts_[0];
  const auto victim_owner = owner_like(victim.pid());  // taken now: the pid is forgotten once it exits
  ASSERT_TRUE(eventually(
      [&] {
        return count("SELECT COUNT(*) FROM sync_runs WHERE status = 'running' AND owner LIKE " + victim_owner) > 0;
      },
      20s))
      << logs();
  victim.signal(SIGKILL);
  victim.wait_exit(5s);
  const auto killed = std::chrono::steady_clock::now();
  ASSERT_TRUE(eventually(
      [&] {
        return count("SELECT COUNT(*) FROM sync_runs WHERE status = 'running' AND owner LIKE " + victim_owner) == 0;
      },
      10s));
  const auto failed_after = std::chrono::duration<double>(std::chrono::steady_clock::now() - killed).count();
  EXPECT_LE(failed_after, 3.0 + 1.0 + 1.5) << "ghost_after + one heartbeat (+ the reaper's own pass)";
  EXPECT_GT(count("SELECT COUNT(*) FROM sync_runs WHERE status = 'failed' AND error LIKE 'ghost: host%' AND owner "
                  "LIKE " +
                  victim_owner),
            0)
      << db_.text("SELECT string_agg(status || ': ' || COALESCE(error, ''), '; ') FROM sync_runs WHERE owner LIKE " +
                  victim_owner);
  // Every tenant succeeds, on a surviving host.
  ASSERT_TRUE(eventually(
      [&] { return count("SELECT COUNT(DISTINCT tenant_id) FROM sync_runs WHERE status = 'succeeded'") == 6; }, 20s))
      << logs();
  EXPECT_GT(count("SELECT COUNT(*) FROM sync_runs WHERE status = 'succeeded' AND trigger = 'retry'"), 0) << logs();
  stop_hosts();
  EXPECT_EQ(count("SELECT COUNT(*) FROM policy_states p JOIN sync_runs r ON r.id = p.sync_run_id "
                  "WHERE r.status <> 'succeeded'"),
            0)
      << "no partial rows";
  EXPECT_EQ(count("SELECT COUNT(*) FROM policy_states"), 6 * 3);
}

TEST_F(Cluster, AHostStoppedPastGhostAfterDoesNotCommitWhatItsPeersRecoveredAndRejoins) {
  const auto file = config({"fixture_policy.so"}, 4,
                           "[scheduler]\nconcurrency = 2\n"
                           "[domain.fixture_policy]\nenabled = true\ninterval = 1h\nrows = 3\nsleep_ms = 3000\n");
  start_hosts(file, 2);
  auto& stopped = *hosts_[0];
  const auto stopped_owner = owner_like(stopped.pid());
  ASSERT_TRUE(eventually(
      [&] {
        // Both of its places taken, so it starts nothing between this check and the stop.
        return count("SELECT COUNT(*) FROM sync_runs WHERE status = 'running' AND owner LIKE " + stopped_owner) == 2;
      },
      20s))
      << logs();
  const auto its_runs = "SELECT COUNT(*) FROM sync_runs WHERE owner LIKE " + stopped_owner;
  const auto running_before = count(its_runs + " AND status = 'running'");
  stopped.signal(SIGSTOP);
  ASSERT_TRUE(eventually([&] { return count(its_runs + " AND status = 'running'") == 0; }, 10s)) << logs();
  EXPECT_EQ(count(its_runs + " AND error LIKE 'ghost: host%'"), running_before);
  stopped.signal(SIGCONT);
  // Its peer re-runs what it had; every tenant ends up with exactly one success.
  ASSERT_TRUE(eventually(
      [&] { return count("SELECT COUNT(DISTINCT tenant_id) FROM sync_runs WHERE status = 'succeeded'") == 4; }, 25s))
      << logs();
  std::this_thread::sleep_for(2s);  // time for the resumed host to try to commit
  EXPECT_EQ(count(its_runs + " AND error LIKE 'ghost: host%' AND status = 'failed'"), running_before)
      << "the resumed host committed a run its peer had failed\n"
      << logs();
  EXPECT_EQ(count(its_runs + " AND status = 'succeeded'"), 0) << logs();
  EXPECT_EQ(count("SELECT COUNT(*) FROM sync_runs WHERE status = 'succeeded'"), 4) << logs();
  EXPECT_EQ(count("SELECT COUNT(*) FROM policy_states p JOIN sync_runs r ON r.id = p.sync_run_id "
                  "WHERE r.status <> 'succeeded'"),
            0);
  // It checked in again and is still serving.
  EXPECT_TRUE(eventually(
      [&] { return count("SELECT COUNT(*) FROM cluster_hosts WHERE pid = " + std::to_string(stopped.pid())) == 1; },
      5s));
  stop_hosts();
}

// Claims are per interval window: a run longer than its interval once let a
// peer start the same (domain, tenant) in the next window while the first
// still ran. The database now lets one running run per pair through.
TEST_F(Cluster, ARunLongerThanItsIntervalNeverRunsTwiceAtOnce) {
  const auto file = config({"fixture_policy.so"}, 2,
                           "[scheduler]\nconcurrency = 2\n"
                           "[domain.fixture_policy]\nenabled = true\ninterval = 2s\nrows = 3\nsleep_ms = 4500\n");
  start_hosts(file, 2);
  ASSERT_TRUE(all_serving()) << logs();
  const auto overlapping =
      "SELECT COUNT(*) FROM (SELECT domain, tenant_id FROM sync_runs WHERE status = 'running' "
      "GROUP BY domain, tenant_id HAVING COUNT(*) > 1) AS twice";
  const auto until = std::chrono::steady_clock::now() + 14s;
  std::int64_t worst = 0;
  while (std::chrono::steady_clock::now() < until) {
    worst = std::max(worst, count(overlapping));
    std::this_thread::sleep_for(100ms);
  }
  EXPECT_EQ(worst, 0) << "one (domain, tenant) ran on two hosts at once\n" << logs();
  EXPECT_TRUE(eventually([&] { return count("SELECT COUNT(*) FROM sync_runs WHERE status = 'succeeded'") >= 4; }, 30s))
      << logs();
  EXPECT_EQ(
      count("SELECT COUNT(*) FROM run_claims WHERE run_id IS NULL AND claimed_at < now() - interval '10 seconds'"), 0)
      << "a claim whose run did not start was kept\n"
      << logs();
  EXPECT_EQ(count("SELECT COUNT(*) FROM sync_runs WHERE status = 'failed'"), 0) << "a skipped window is no failure\n"
                                                                                << logs();
  EXPECT_NE(logs().find("not started: run "), std::string::npos) << "no window met a run still going\n" << logs();
  stop_hosts();
}

// A dead host's unfinished slot is claimed again in its own window (not in the
// newest window anyone claimed for the pair), and its queued runs are failed.
TEST(ClusterRecovery, ADeadHostsSlotIsReclaimedInItsOwnWindowAndItsQueuedRunsFail) {
  TestDatabase db(Backend::postgresql);
  ASSERT_TRUE(
      host::apply_migrations(db.db(), host::discover_migrations(migrations_dir(), db.db().dialect()).value()).ok());
  db.execute("INSERT INTO tenants (tenant_id, directory_id, updated_at) VALUES ('t1', 'd1', now())");
  db.execute("INSERT INTO cluster_hosts VALUES ('dead', 'h', 1, now() - interval '1 hour', now() - interval '1 hour')");
  db.execute(
      "INSERT INTO run_claims (domain, tenant_id, window_start, attempt, host) VALUES "
      "('costs', 't1', 1000, 1, 'dead'), ('costs', 't1', 2000, 1, 'alive')");
  db.execute(
      "INSERT INTO sync_runs (domain, tenant_id, status, trigger, attempt, owner) "
      "VALUES ('identity', 't1', 'queued', 'manual', 1, 'dead')");
  const auto recovered = host::reap_dead_hosts(db.db(), "alive", 3s);
  ASSERT_EQ(recovered.size(), 1U);
  EXPECT_EQ(recovered[0].window_start, 1000);
  EXPECT_EQ(db.count("SELECT COUNT(*) FROM sync_runs WHERE status = 'failed' AND error LIKE 'ghost: host dead%'"), 1);
  const auto claim = host::claim_next_attempt(db.db(), "costs", "t1", recovered[0].window_start, "alive");
  ASSERT_TRUE(claim.has_value());
  EXPECT_EQ(claim->window_start, 1000);
  EXPECT_EQ(claim->attempt, 2);
}

// Runs of one pair are serialised by the ledger on both backends, whoever opens them.
TEST(RunLedgerExclusivity, ASecondRunningRunOfAPairIsRefusedOnEachBackend) {
  for (const auto backend : {Backend::sqlite, Backend::postgresql}) {
    SCOPED_TRACE(backend_name(backend));
    TestDatabase db(backend);
    ASSERT_TRUE(
        host::apply_migrations(db.db(), host::discover_migrations(migrations_dir(), db.db().dialect()).value()).ok());
    db.execute(
        "INSERT INTO tenants (tenant_id, directory_id, updated_at) VALUES ('t1', 'd1', CURRENT_TIMESTAMP), ('t2', "
        "'d2', CURRENT_TIMESTAMP)");
    host::RunLedger ledger(db.db());
    const auto first = ledger.open("costs", "t1", "schedule", 1, "host-a");
    EXPECT_THROW(ledger.open("costs", "t1", "schedule", 1, "host-b"), host::RunningElsewhere);
    EXPECT_NO_THROW(ledger.open("costs", "t2", "schedule", 1, "host-b")) << "another tenant";
    EXPECT_NO_THROW(ledger.open("identity", "t1", "schedule", 1, "host-b")) << "another domain";
    const auto queued = ledger.enqueue("costs", "t1", "host-b");
    EXPECT_THROW(ledger.start_queued(queued, "host-b"), host::RunningElsewhere);
    ASSERT_TRUE(ledger.close(first, "host-a", host::RunStatus::succeeded, {}, ""));
    EXPECT_TRUE(ledger.start_queued(queued, "host-b")) << "the pair is free again";
  }
}

TEST(ClusterConfig, SqliteIsRefusedNamingTheKey) {
  TempDir dir;
  const auto file =
      write_config(dir, "sqlite:" + (dir / "db.sqlite").string(), dir.path(), 1, "[cluster]\nenabled = true\n");
  const auto result = run_govsync(check_config_command(file.string()));
  EXPECT_EQ(result.exit_code, 78);
  EXPECT_NE(result.err.find("[cluster] enabled: cluster mode needs PostgreSQL"), std::string::npos) << result.err;
}

}  // namespace
}  // namespace govsync::test
