// Never stuck: after a database outage, a run given up on, or a restart that
// reuses the PID of its predecessor, every run ends and every (domain,
// tenant) runs again, with no restart. The real daemon on both backends.
#include <Poco/Environment.h>

#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <future>
#include <iostream>
#include <thread>

#include "backend_param.hpp"
#include "test_paths.hpp"

namespace govsync::test {
namespace {

using namespace std::chrono_literals;

// PostgreSQL only: the test stops and starts a server of its own.
TEST(NeverStuck, EveryPairRunsAgainAfterADatabaseOutageAndTheRunsInFlightEndFailed) {
  PostgresServer server;
  TempDir dir;
  // Four (domain, tenant) pairs whose runs last 1.5 s, so some are in flight when the database stops.
  const auto file = write_config(dir, server.url(), plugin_dir_with(dir, {"fixture_policy.so"}), 4,
                                 "[scheduler]\nheartbeat = 1s\nretry = 1s\nstagger = 0s\n"
                                 "[domain.fixture_policy]\nenabled = true\ninterval = 2s\nrows = 3\nsleep_ms = 1500\n");
  DaemonProcess daemon(file, dir / "serve.log");
  const auto log = [&] { return read_file(dir / "serve.log"); };
  auto db = TestDatabase::existing(server.url());
  const auto runs = [&](const std::string& where) {
    return db->count("SELECT COUNT(*) FROM sync_runs WHERE " + where);
  };
  ASSERT_TRUE(eventually([&] { return runs("status = 'succeeded'") >= 4 && runs("status = 'running'") >= 1; }, 20s))
      << log();

  db.reset();  // its connections die with the server
  server.stop();
  std::this_thread::sleep_for(4s);
  server.start();
  const double back = now_epoch();
  db = TestDatabase::existing(server.url());

  // Within a few retry delays of the database answering, every pair succeeds again.
  const auto since_back = db->epoch("started_at") + " >= " + std::to_string(back);
  const auto back_at = std::chrono::steady_clock::now();
  EXPECT_TRUE(eventually(
      [&] {
        return db->count("SELECT COUNT(DISTINCT tenant_id) FROM sync_runs WHERE status = 'succeeded' AND " +
                         since_back) == 4;
      },
      15s))
      << log();
  std::cout << "every pair succeeded again "
            << std::chrono::duration<double>(std::chrono::steady_clock::now() - back_at).count()
            << " s after the database answered (retry = 1s, runs of 1.5 s)\n";
  // Every run that was in flight when the database went away ends failed, with its reason.
  const auto before_back = db->epoch("started_at") + " < " + std::to_string(back);
  EXPECT_TRUE(eventually([&] { return runs("status = 'running' AND " + before_back) == 0; }, 10s)) << log();
  EXPECT_GE(runs("status = 'failed' AND " + before_back), 1) << log();
  EXPECT_EQ(runs("status = 'failed' AND (error IS NULL OR error = '')"), 0);
  EXPECT_TRUE(daemon.running());
  daemon.signal(SIGTERM);
  EXPECT_EQ(daemon.wait_exit(15s), 0) << log();
}

// A token the API refuses before it expires (rotated signing keys, revoked
// consent) once failed every run of its tenant until it expired (~55 min).
// The plugin runs in a worker, which asks the supervisor for a fresh token.
TEST(NeverStuck, ATokenTheApiRefusesIsReplacedAndTheNextRunsSucceed) {
  EmulatorProcess emulator(
      R"({"seed": 3, "tenants": [{"directory_id": "00000000-0000-0000-0000-000000000001", )"
      R"("client_id": "11111111-1111-1111-1111-111111111111", "client_secret": "not-a-real-secret-1", )"
      R"("subscriptions": 1, "resources_per_subscription": 3}]})");
  TempDir dir;
  TestDatabase db(Backend::sqlite);
  const auto plugins = dir / "plugins";
  std::filesystem::create_directories(plugins);
  std::filesystem::copy_file(std::filesystem::path(GOVSYNC_TEST_PLUGIN_BUILD_DIR) / "resources.so",
                             plugins / "resources.so");
  const auto file = write_config(dir, db.url(), plugins, 1,
                                 "[plugins]\nisolation = process\n[scheduler]\nheartbeat = 1s\nretry = 1h\n"
                                 "[azure]\nauthority = " +
                                     emulator.base_url() + "\nmanagement = " + emulator.base_url() + "\ngraph = " +
                                     emulator.base_url() + "\n[domain.resources]\nenabled = true\ninterval = 1s\n");
  DaemonProcess daemon(file, dir / "serve.log");
  const auto runs = [&](const std::string& where) { return db.count("SELECT COUNT(*) FROM sync_runs WHERE " + where); };
  ASSERT_TRUE(eventually([&] { return runs("status = 'succeeded'") >= 1; }, 15s)) << read_file(dir / "serve.log");
  const auto port = std::stoi(emulator.base_url().substr(emulator.base_url().rfind(':') + 1));
  ASSERT_EQ(http_request(port, "POST", "/_emulator/rotate_keys").status, 200);
  const auto before = runs("status = 'succeeded'");
  EXPECT_TRUE(eventually([&] { return runs("status = 'succeeded'") >= before + 2; }, 15s))
      << read_file(dir / "serve.log");
  EXPECT_EQ(runs("status = 'failed'"), 0) << db.text("SELECT error FROM sync_runs WHERE status = 'failed'");
  daemon.signal(SIGTERM);
  EXPECT_EQ(daemon.wait_exit(10s), 0);
}

// PostgreSQL stopped with SIGSTOP: connections open, nothing answers. The
// probes still answer at once (/readyz 503 within 2 s, again and again),
// and the daemon is ready again once the server resumes.
TEST(NeverStuck, ProbesAnswerWithinTwoSecondsWhileTheDatabaseHangs) {
  PostgresServer server;
  TempDir dir;
  const auto file = write_config(dir, server.url(), plugin_dir_with(dir, {"fixture_policy.so"}), 1,
                                 "[admin]\nlisten = 127.0.0.1:0\n[scheduler]\nheartbeat = 1s\n"
                                 "[domain.fixture_policy]\nenabled = true\ninterval = 1h\nrows = 1\n");
  DaemonProcess daemon(file, dir / "serve.log");
  int port = 0;
  ASSERT_TRUE(eventually([&] { return (port = admin_port(read_file(dir / "serve.log"))) > 0; }, 15s))
      << read_file(dir / "serve.log");
  ASSERT_TRUE(eventually([&] { return http_request(port, "GET", "/readyz").status == 200; }, 10s));

  server.freeze();
  const auto timed = [&](const std::string& target, int expected, std::chrono::milliseconds within) {
    const auto sent = std::chrono::steady_clock::now();
    const auto answer = http_request(port, "GET", target);
    const auto took = std::chrono::steady_clock::now() - sent;
    EXPECT_EQ(answer.status, expected) << target << ": " << answer.body;
    EXPECT_LE(took, within) << target << " took " << std::chrono::duration_cast<std::chrono::milliseconds>(took).count()
                            << " ms";
    return answer;
  };
  // More probes than the admin server has threads: none may wait behind the database.
  for (int round = 0; round < 6; ++round) {
    const auto ready = timed("/readyz", 503, 2s);
    EXPECT_NE(ready.body.find("database: no answer within"), std::string::npos) << ready.body;
    timed("/healthz", 200, 1s);
    timed("/metrics", 200, 1s);
  }
  server.thaw();
  EXPECT_TRUE(eventually([&] { return http_request(port, "GET", "/readyz").status == 200; }, 10s));
  daemon.signal(SIGTERM);
  EXPECT_EQ(daemon.wait_exit(15s), 0) << read_file(dir / "serve.log");
}

// A table the host reads held locked by another session (a maintenance job, a
// forgotten transaction): the host's own statements give up after [database]
// statement_timeout instead of waiting for good; runs are bounded by their
// run_timeout instead, so a lock only slows them.
TEST(NeverStuck, TheHostsOwnStatementsGiveUpOnALockedTable) {
  TestDatabase db(Backend::postgresql);
  TempDir dir;
  const auto file = write_config(dir, db.url(), plugin_dir_with(dir, {"fixture_policy.so"}), 1,
                                 "[database]\nstatement_timeout = 2s\n[domain.fixture_policy]\nenabled = true\n");
  ASSERT_EQ(run_govsync({"run", "--config", file.string()}).exit_code, 0);
  auto holder = db.db().lease();
  holder.session() << "BEGIN", Poco::Data::Keywords::now;
  holder.session() << "LOCK TABLE sync_runs IN ACCESS EXCLUSIVE MODE", Poco::Data::Keywords::now;
  // Released after 20 s at the latest, so a govsync that waits for good fails this test instead of hanging it.
  std::promise<void> done;
  std::thread release([&holder, finished = done.get_future()] {
    finished.wait_for(20s);
    holder.session() << "ROLLBACK", Poco::Data::Keywords::now;
  });
  const auto sent = std::chrono::steady_clock::now();
  const auto status = run_govsync({"status", "--config", file.string()});
  const auto took = std::chrono::steady_clock::now() - sent;
  done.set_value();
  release.join();
  EXPECT_NE(status.exit_code, 0) << status.out;
  EXPECT_NE(status.err.find("statement timeout"), std::string::npos) << status.err;
  EXPECT_LE(took, 10s) << "govsync status waited for the lock";
  // Once the lock is gone, everything goes on.
  EXPECT_EQ(run_govsync({"status", "--config", file.string()}).exit_code, 0);
}

// SQLite: a run (in its worker) holds the only write lock. A run asked for
// over the admin API waits for that lock to be recorded; meanwhile /metrics
// and the scheduler must not wait behind it.
TEST(NeverStuck, AQueuedRunWaitingForTheWriteLockFreezesNeitherMetricsNorTheScheduler) {
  TempDir dir;
  TestDatabase db(Backend::sqlite);
  write_file(dir / "admin-token", "admin-token-0123456789abcdef\n");
  std::filesystem::permissions(dir / "admin-token",
                               std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  // fixture_crash spins for t1 inside its open transaction, ignoring its cancellation.
  const auto plugins = plugin_dir_with(dir, {});
  std::filesystem::copy_file(std::filesystem::path(GOVSYNC_TEST_CRASH_FIXTURE_DIR) / "fixture_crash.so",
                             plugins / "fixture_crash.so");
  std::filesystem::permissions(plugins / "fixture_crash.so",
                               std::filesystem::perms::owner_read | std::filesystem::perms::owner_write |
                                   std::filesystem::perms::group_read | std::filesystem::perms::others_read);
  const auto file = write_config(dir, db.url(), plugins, 1,
                                 "[admin]\nlisten = 127.0.0.1:0\ntoken_file = " + (dir / "admin-token").string() +
                                     "\n[scheduler]\nheartbeat = 1s\nstagger = 0s\nshutdown_grace = 1s\n"
                                     "[domain.fixture_crash]\nenabled = true\nmode = spin\ncrash_tenants = t1\n"
                                     "hold_write_lock = true\nrun_timeout = 3s\n");
  DaemonProcess daemon(file, dir / "serve.log");
  const auto log = [&] { return read_file(dir / "serve.log"); };
  int port = 0;
  ASSERT_TRUE(eventually(
      [&] {
        return (port = admin_port(log())) > 0 &&
               db.count("SELECT COUNT(*) FROM sync_runs WHERE status = 'running'") == 1;
      },
      15s))
      << log();
  std::this_thread::sleep_for(500ms);  // its worker has started and taken the lock
  HttpAnswer queued;
  std::chrono::steady_clock::duration queue_took{};
  std::thread queue([&] {
    const auto sent = std::chrono::steady_clock::now();
    try {
      queued = http_request(port, "POST", "/api/v1/runs", "Bearer admin-token-0123456789abcdef",
                            R"({"domain": "fixture_crash", "tenant": "t1"})");
    } catch (const std::exception& e) {
      queued.body = e.what();  // no answer within 10 s
    }
    queue_took = std::chrono::steady_clock::now() - sent;
  });
  std::this_thread::sleep_for(300ms);  // the POST now waits for the write lock
  for (int i = 0; i < 5; ++i) {
    const auto sent = std::chrono::steady_clock::now();
    EXPECT_NO_THROW(EXPECT_EQ(http_request(port, "GET", "/metrics").status, 200));
    EXPECT_LE(std::chrono::steady_clock::now() - sent, 1s) << "/metrics waited behind the queued run";
    std::this_thread::sleep_for(200ms);
  }
  queue.join();
  EXPECT_EQ(queued.status, 202) << queued.body;
  EXPECT_GE(queue_took, 1s) << "the queued run did not wait for the write lock: the test proves nothing";
  // The scheduler went on meanwhile: the run that held the lock timed out.
  EXPECT_TRUE(eventually([&] { return log().find("timed out after 3s") != std::string::npos; }, 10s)) << log();
  daemon.signal(SIGTERM);
  EXPECT_EQ(daemon.wait_exit(15s), 0) << log();
}

class NeverStuckOnEachBackend : public OnEachBackend {
 protected:
  std::int64_t runs(const std::string& where) { return db_.count("SELECT COUNT(*) FROM sync_runs WHERE " + where); }
  std::string log() { return read_file(dir_ / "serve.log"); }

  TestDatabase db_{GetParam()};
  TempDir dir_;
};

// A plugin that ignores its cancellation keeps its run's thread busy; its row
// is failed as soon as the run times out, on both backends, and is not
// heartbeated after that.
TEST_P(NeverStuckOnEachBackend, ATimedOutRunIsFailedAtOnceAndNoLongerHeartbeated) {
  const auto file = write_config(dir_, db_.url(), plugin_dir_with(dir_, {"fixture_policy.so"}), 1,
                                 "[plugins]\nisolation = thread\n"
                                 "[scheduler]\nheartbeat = 1s\nshutdown_grace = 1s\n"
                                 "[domain.fixture_policy]\nenabled = true\ninterval = 1h\nrun_timeout = 2s\n"
                                 "rows = 0\nsleep_ms = 20000\nignore_cancel = true\n");
  DaemonProcess daemon(file, dir_ / "serve.log");
  ASSERT_TRUE(eventually([&] { return runs("status = 'running'") == 1; }, 10s)) << log();
  const double started = now_epoch();
  ASSERT_TRUE(eventually([&] { return runs("status = 'failed'") == 1; }, 6s))
      << "the timed-out run is still " << db_.text("SELECT status FROM sync_runs") << "\n"
      << log();
  EXPECT_LE(now_epoch() - started, 2.0 + 2.0);
  EXPECT_NE(db_.text("SELECT error FROM sync_runs").find("timed out after 2s"), std::string::npos);
  const auto heartbeat = "SELECT " + db_.epoch("heartbeat_at") + " FROM sync_runs";
  const auto beat = db_.real(heartbeat);
  std::this_thread::sleep_for(2500ms);
  EXPECT_EQ(db_.real(heartbeat), beat) << "a run given up on is still heartbeated";
  daemon.signal(SIGTERM);
  daemon.wait_exit(10s);
}

// A daemon restarted in a new PID namespace (a container) gets the PID its
// predecessor had; a PID on the host can be given to another process. Either
// way the old owner's rows are failed at start, not taken for a live process's.
TEST_P(NeverStuckOnEachBackend, APredecessorWhosePidWasReusedIsReapedAtStart) {
  if (::geteuid() != 0) GTEST_SKIP() << "unshare --pid needs root";
  const auto file = write_config(dir_, db_.url(), plugin_dir_with(dir_, {"fixture_policy.so"}), 1,
                                 "[domain.fixture_policy]\nenabled = true\n");
  ASSERT_EQ(run_govsync({"migrate", "--config", file.string()}).exit_code, 0);
  const auto host = Poco::Environment::nodeName();
  const auto seconds = static_cast<long long>(now_epoch());
  const auto now_sql =
      GetParam() == Backend::sqlite ? std::string("strftime('%Y-%m-%dT%H:%M:%fZ', 'now')") : std::string("now()");
  // Each of another domain: one (domain, tenant) has at most one running row.
  const auto insert = [&](const std::string& domain, const std::string& owner) {
    db_.execute(
        "INSERT INTO sync_runs (domain, tenant_id, status, trigger, attempt, owner, started_at, heartbeat_at) "
        "VALUES ('" +
        domain + "', 't1', 'running', 'schedule', 1, '" + owner + "', " + now_sql + ", " + now_sql + ")");
  };
  // PID 1 started this very second, in the owner format of before (seconds) and of now (nanoseconds and a tag).
  insert("fixture_policy", host + ":1:" + std::to_string(seconds));
  insert("fixture_b", host + ":1:" + std::to_string(seconds) + "123456789.0badf00d");
  // A live process (this test) that started long after the owner that had its PID.
  insert("fixture_c",
         host + ":" + std::to_string(::getpid()) + ":" + std::to_string(seconds - 3600) + "000000000.0badf00d");
  const auto reap = run_program("/usr/bin/unshare", {"--fork", "--pid", "--mount-proc", govsync_binary().string(),
                                                     "reap", "--config", file.string()});
  ASSERT_EQ(reap.exit_code, 0) << reap.err;
  EXPECT_NE(reap.out.find("3 ghost runs failed"), std::string::npos) << reap.out << reap.err;
  EXPECT_EQ(runs("status = 'running'"), 0);
  EXPECT_EQ(runs("status = 'failed' AND error LIKE 'ghost: owner % is gone%'"), 3);
}

// One running run per pair: the row a killed `govsync run` of this host left
// running must not keep that pair from every later `govsync run` (cron and
// timers run nothing else that would reap it).
TEST_P(NeverStuckOnEachBackend, ARowLeftByAKilledRunOfThisHostDoesNotBlockTheNextRun) {
  const auto file = write_config(dir_, db_.url(), plugin_dir_with(dir_, {"fixture_policy.so"}), 1,
                                 "[domain.fixture_policy]\nenabled = true\n");
  ASSERT_EQ(run_govsync({"run", "--config", file.string()}).exit_code, 0);
  const pid_t gone = ::fork();
  if (gone == 0) ::_exit(0);
  ::waitpid(gone, nullptr, 0);
  const auto now_sql =
      GetParam() == Backend::sqlite ? std::string("strftime('%Y-%m-%dT%H:%M:%fZ', 'now')") : std::string("now()");
  db_.execute(
      "INSERT INTO sync_runs (domain, tenant_id, status, trigger, attempt, owner, started_at, heartbeat_at) "
      "VALUES ('fixture_policy', 't1', 'running', 'manual', 1, '" +
      Poco::Environment::nodeName() + ":" + std::to_string(gone) + ":" +
      std::to_string(static_cast<long long>(now_epoch())) + "000000000.0badf00d', " + now_sql + ", " + now_sql + ")");
  const auto next = run_govsync({"run", "--config", file.string()});
  EXPECT_EQ(next.exit_code, 0) << next.out << next.err;
  EXPECT_EQ(runs("status = 'succeeded'"), 2);
  EXPECT_EQ(runs("status = 'running'"), 0);
}

// An emptied configuration file is refused on reload (the one in force
// stays); a valid one with no tenant starts idle and /readyz says why.
TEST_P(NeverStuckOnEachBackend, AnEmptiedConfigIsRefusedOnReloadAndAnIdleOneSaysWhy) {
  const auto file = write_config(dir_, db_.url(), plugin_dir_with(dir_, {"fixture_policy.so"}), 1,
                                 "[admin]\nlisten = 127.0.0.1:0\n[scheduler]\nheartbeat = 1s\n"
                                 "[domain.fixture_policy]\nenabled = true\ninterval = 1h\n");
  const auto valid = read_file(file);
  auto daemon = std::make_unique<DaemonProcess>(file, dir_ / "serve.log");
  int port = 0;
  const auto port_now = [&] { return admin_port(log()); };
  ASSERT_TRUE(eventually([&] { return (port = port_now()) > 0 && runs("status = 'succeeded'") == 1; }, 15s)) << log();
  write_file(file, "");
  daemon->signal(SIGHUP);
  ASSERT_TRUE(eventually([&] { return log().find("reload refused") != std::string::npos; }, 5s)) << log();
  EXPECT_NE(log().find("has no settings at all"), std::string::npos) << log();
  auto ready = http_request(port, "GET", "/readyz");
  EXPECT_EQ(ready.status, 200) << ready.body;
  EXPECT_EQ(ready.body.find("idle"), std::string::npos) << ready.body;
  daemon->signal(SIGTERM);
  EXPECT_EQ(daemon->wait_exit(10s), 0) << log();

  // The same configuration without its tenant: ready, idle, and saying why.
  const auto tenant = valid.find("[tenant.t1]");
  write_file(file, valid.substr(0, tenant) + valid.substr(valid.find("\n\n", tenant) + 2));
  std::filesystem::remove(dir_ / "serve.log");
  daemon = std::make_unique<DaemonProcess>(file, dir_ / "serve.log");
  ASSERT_TRUE(eventually([&] { return (port = port_now()) > 0; }, 15s)) << log();
  ready = http_request(port, "GET", "/readyz");
  EXPECT_EQ(ready.status, 200) << ready.body;
  EXPECT_NE(ready.body.find("idle: no [tenant.NAME] section"), std::string::npos) << ready.body;
  EXPECT_NE(log().find("no [tenant.NAME] section: govsync starts idle"), std::string::npos) << log();
  daemon->signal(SIGTERM);
  EXPECT_EQ(daemon->wait_exit(10s), 0) << log();
}

GOVSYNC_ON_EACH_BACKEND(NeverStuckOnEachBackend);

}  // namespace
}  // namespace govsync::test
