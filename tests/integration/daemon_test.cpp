// `govsync serve` as a real process on both backends: cold start, crash
// recovery, ghosts, overlapping intervals, timeouts, SIGTERM and SIGHUP.
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <csignal>

#include "backend_param.hpp"

namespace govsync::test {
namespace {

using namespace std::chrono_literals;

class Daemon : public OnEachBackend {
 protected:
  std::filesystem::path config(const std::vector<std::string>& plugins, const std::string& extra, int tenants = 1) {
    return write_config(dir_, db_.url(), plugin_dir_with(dir_, plugins), tenants, extra);
  }
  std::unique_ptr<DaemonProcess> start(const std::filesystem::path& config_file) {
    return std::make_unique<DaemonProcess>(config_file, dir_ / "serve.log");
  }
  std::int64_t runs(const std::string& where) { return db_.count("SELECT COUNT(*) FROM sync_runs WHERE " + where); }
  std::string log() { return read_file(dir_ / "serve.log"); }

  TestDatabase db_{GetParam()};
  TempDir dir_;
};

TEST_P(Daemon, ColdStartRunsEveryDomainWithinItsStaggeredSlot) {
  std::string extra = "[scheduler]\nstagger = 1s\nheartbeat = 1s\n";
  std::vector<std::string> plugins;
  for (int n = 1; n <= 5; ++n) {
    plugins.push_back("fixture_domain_" + std::to_string(n) + ".so");
    extra += "[domain.fixture_domain_" + std::to_string(n) + "]\nenabled = true\ninterval = 1h\n";
  }
  const auto file = config(plugins, extra);
  const double started = now_epoch();
  auto daemon = start(file);
  ASSERT_TRUE(eventually([&] { return runs("status = 'succeeded'") == 5; }, 20s)) << log();
  for (int n = 1; n <= 5; ++n) {
    const auto domain = "fixture_domain_" + std::to_string(n);
    const double first =
        db_.real("SELECT MIN(" + db_.epoch("started_at") + ") FROM sync_runs WHERE domain = '" + domain + "'");
    EXPECT_LE(first - started, (5 - 1) * 1.0 + 2.0) << domain;  // (n - 1) × stagger + 2 s
    EXPECT_GE(first - started, (n - 1) * 1.0 - 0.5) << domain << " ran before its slot";
  }
  const auto status = run_govsync({"status", "--config", file.string(), "--json"});
  ASSERT_EQ(status.exit_code, 0) << status.err;
  const auto json = Poco::JSON::Parser().parse(status.out).extract<Poco::JSON::Object::Ptr>();
  EXPECT_EQ(json->getArray("runs")->size(), 5U);
  EXPECT_EQ(json->getArray("runs")->getObject(0)->getValue<std::string>("status"), "succeeded");
  EXPECT_EQ(json->getValue<int>("ghosts_reaped"), 0);
  daemon->signal(SIGTERM);
  EXPECT_EQ(daemon->wait_exit(10s), 0);
}

TEST_P(Daemon, AKilledRunIsFailedAsAGhostAtRestartAndItsRowsNeverLand) {
  const auto ready = dir_ / "ready";
  std::filesystem::create_directories(ready);
  const auto file = config({"fixture_policy.so"},
                           "[scheduler]\nheartbeat = 1s\n[domain.fixture_policy]\nenabled = true\n"
                           "interval = 1h\nrows = 5\nsleep_ms = 3000\nready_dir = " +
                               ready.string() + "\n");
  auto wait_ready = [&]() -> std::int64_t {
    std::int64_t id = 0;
    eventually([&] { return (id = std::stoll(read_file(ready / "t1"))) > 0; }, 15s);
    return id;
  };
  auto daemon = start(file);
  auto killed = wait_ready();
  ASSERT_GT(killed, 0) << log();
  for (int kill = 1; kill <= 3; ++kill) {
    daemon->signal(SIGKILL);
    daemon->wait_exit(5s);
    EXPECT_EQ(db_.text("SELECT status FROM sync_runs WHERE id = " + std::to_string(killed)), "running");
    std::filesystem::remove(ready / "t1");
    daemon = start(file);
    const auto restarted = std::chrono::steady_clock::now();
    ASSERT_TRUE(eventually(
        [&] { return db_.text("SELECT status FROM sync_runs WHERE id = " + std::to_string(killed)) == "failed"; }, 5s))
        << "kill " << kill << ": the dead run was not failed within 5s\n"
        << log();
    EXPECT_LE(std::chrono::steady_clock::now() - restarted, 5s);
    EXPECT_NE(db_.text("SELECT error FROM sync_runs WHERE id = " + std::to_string(killed)).find("ghost: owner"),
              std::string::npos);
    EXPECT_EQ(db_.count("SELECT COUNT(*) FROM policy_states"), 0) << "kill " << kill << ": partial rows exist";
    if (kill < 3) {
      killed = wait_ready();
      ASSERT_GT(killed, 0) << log();
    }
  }
  // The last daemon runs the slot again and succeeds.
  ASSERT_TRUE(eventually([&] { return runs("status = 'succeeded'") == 1; }, 15s)) << log();
  EXPECT_EQ(db_.count("SELECT COUNT(*) FROM policy_states WHERE tenant_id = 't1'"), 5);
  EXPECT_EQ(runs("status = 'running'"), 0);
  EXPECT_EQ(runs("error LIKE 'ghost:%'"), 3);
  daemon->signal(SIGTERM);
  EXPECT_EQ(daemon->wait_exit(10s), 0);
}

TEST_P(Daemon, AStaleRunOfAnotherOwnerIsReapedButALiveLongRunIsNot) {
  const std::string two_hours_ago = GetParam() == Backend::sqlite ? "strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-2 hours')"
                                                                  : "now() - interval '2 hours'";
  const auto file = config({"fixture_policy.so"},
                           "[scheduler]\nheartbeat = 1s\nghost_after = 3s\n"
                           "[domain.fixture_policy]\nenabled = true\ninterval = 1h\nsleep_ms = 5000\n");
  ASSERT_EQ(run_govsync({"migrate", "--config", file.string()}).exit_code, 0);
  db_.execute(
      "INSERT INTO sync_runs (domain, tenant_id, status, trigger, attempt, owner, started_at, heartbeat_at) "
      "VALUES ('fixture_policy', 'elsewhere', 'running', 'schedule', 1, 'otherhost:4242:1', " +
      two_hours_ago + ", " + two_hours_ago + ")");
  auto daemon = start(file);
  ASSERT_TRUE(eventually([&] { return runs("owner = 'otherhost:4242:1' AND status = 'failed'") == 1; }, 6s)) << log();
  EXPECT_NE(db_.text("SELECT error FROM sync_runs WHERE owner = 'otherhost:4242:1'").find("ghost: no heartbeat"),
            std::string::npos);
  // The daemon's own run lasts 5 s, longer than ghost_after, and keeps heartbeating.
  ASSERT_TRUE(eventually([&] { return runs("tenant_id = 't1' AND status = 'running'") == 1; }, 5s));
  if (GetParam() == Backend::postgresql) {
    ASSERT_TRUE(eventually(
        [&] {
          return db_.real("SELECT " + db_.epoch("heartbeat_at") + " - " + db_.epoch("started_at") +
                          " FROM sync_runs WHERE tenant_id = 't1'") >= 2.0;
        },
        5s))
        << "the heartbeat of a live run did not advance";
    const auto reap = run_govsync({"reap", "--config", file.string()});
    EXPECT_EQ(reap.exit_code, 0) << reap.err;
    EXPECT_NE(reap.out.find("0 ghost runs failed"), std::string::npos) << reap.out;
  }
  ASSERT_TRUE(eventually([&] { return runs("tenant_id = 't1' AND status <> 'running'") == 1; }, 10s)) << log();
  EXPECT_EQ(db_.text("SELECT status FROM sync_runs WHERE tenant_id = 't1'"), "succeeded");
  daemon->signal(SIGTERM);
  EXPECT_EQ(daemon->wait_exit(10s), 0);
}

TEST_P(Daemon, ARunLongerThanItsIntervalIsNeverStartedTwice) {
  const auto file = config({"fixture_policy.so"},
                           "[scheduler]\nheartbeat = 1s\n[domain.fixture_policy]\nenabled = true\n"
                           "interval = 1s\nsleep_ms = 1500\n");
  auto daemon = start(file);
  ASSERT_TRUE(eventually([&] { return runs("status = 'succeeded'") >= 3; }, 20s)) << log();
  daemon->signal(SIGTERM);
  EXPECT_EQ(daemon->wait_exit(10s), 0);
  const auto count = runs("status = 'succeeded'");
  for (std::int64_t i = 1; i < count; ++i) {
    const auto previous_end =
        db_.real("SELECT " + db_.epoch("finished_at") + " FROM sync_runs WHERE id = " + std::to_string(i));
    const auto next_start =
        db_.real("SELECT " + db_.epoch("started_at") + " FROM sync_runs WHERE id = " + std::to_string(i + 1));
    EXPECT_GE(next_start, previous_end - 0.001) << "run " << i + 1 << " started while run " << i << " was running";
  }
}

TEST_P(Daemon, ATimedOutRunDoesNotBlockTheNextOne) {
  const auto file = config({"fixture_policy.so"},
                           "[scheduler]\nheartbeat = 1s\nretry = 1s\n"
                           "[domain.fixture_policy]\nenabled = true\ninterval = 1h\n"
                           "run_timeout = 2s\nsleep_ms = 60000\n");
  auto daemon = start(file);
  ASSERT_TRUE(eventually([&] { return runs("error LIKE 'timed out after 2s%'") >= 1; }, 8s)) << log();
  ASSERT_TRUE(eventually([&] { return runs("trigger = 'retry'") >= 1; }, 5s)) << log();
  EXPECT_EQ(db_.count("SELECT COUNT(*) FROM policy_states"), 0);
  daemon->signal(SIGTERM);
  EXPECT_EQ(daemon->wait_exit(40s), 0);
  EXPECT_EQ(runs("status = 'running'"), 0);
}

TEST_P(Daemon, SigtermMidRunExitsWithinTheGracePeriodAndLeavesNothingRunning) {
  for (const bool ignores_cancel : {false, true}) {
    TempDir dir;
    TestDatabase db(GetParam());
    const auto file = write_config(dir, db.url(), plugin_dir_with(dir, {"fixture_policy.so"}), 1,
                                   "[scheduler]\nheartbeat = 1s\nshutdown_grace = 2s\n[domain.fixture_policy]\n"
                                   "enabled = true\nsleep_ms = 60000\nignore_cancel = " +
                                       std::string(ignores_cancel ? "true" : "false") + "\n");
    DaemonProcess daemon(file, dir / "serve.log");
    ASSERT_TRUE(
        eventually([&] { return db.count("SELECT COUNT(*) FROM sync_runs WHERE status = 'running'") == 1; }, 10s))
        << read_file(dir / "serve.log");
    std::this_thread::sleep_for(300ms);
    const auto signalled = std::chrono::steady_clock::now();
    daemon.signal(SIGTERM);
    EXPECT_EQ(daemon.wait_exit(5s), 0) << read_file(dir / "serve.log");
    EXPECT_LE(std::chrono::steady_clock::now() - signalled, 3s) << "ignores_cancel=" << ignores_cancel;
    EXPECT_EQ(db.count("SELECT COUNT(*) FROM policy_states"), 0);
    // The plugin runs in a worker process: one that ignores the cancellation
    // is killed after shutdown_grace, and its row is closed at once on both
    // backends (on SQLite its write lock died with it).
    EXPECT_NE(db.text("SELECT error FROM sync_runs").find("interrupted by shutdown"), std::string::npos)
        << "ignores_cancel=" << ignores_cancel << read_file(dir / "serve.log");
    EXPECT_EQ(db.count("SELECT COUNT(*) FROM sync_runs WHERE status = 'running'"), 0);
  }
}

TEST_P(Daemon, SighupAddsATenantDisablesADomainAndRefusesAnInvalidConfig) {
  const std::string base =
      "[scheduler]\nheartbeat = 1s\nstagger = 0s\n[domain.fixture_domain_1]\nenabled = true\n"
      "interval = 1s\n";
  const auto file = config({"fixture_counter.so", "fixture_domain_1.so"},
                           base + "[domain.fixture_counter]\nenabled = true\ninterval = 1s\n");
  auto daemon = start(file);
  ASSERT_TRUE(eventually([&] { return runs("domain = 'fixture_counter'") >= 2; }, 10s)) << log();
  EXPECT_EQ(db_.count("SELECT COUNT(*) FROM tenants"), 1);
  write_config(dir_, db_.url(), dir_ / "plugins", 2, base + "[domain.fixture_counter]\nenabled = false\n");
  daemon->signal(SIGHUP);
  ASSERT_TRUE(eventually([&] { return log().find("reloaded:") != std::string::npos; }, 5s)) << log();
  EXPECT_EQ(db_.count("SELECT COUNT(*) FROM tenants"), 2) << "the added tenant is not in the tenants table";
  std::this_thread::sleep_for(1500ms);  // a run started before the reload may finish
  const auto counter_runs = runs("domain = 'fixture_counter'");
  const auto other_runs = runs("domain = 'fixture_domain_1'");
  std::this_thread::sleep_for(2500ms);
  EXPECT_EQ(runs("domain = 'fixture_counter'"), counter_runs) << "a disabled domain kept running";
  EXPECT_GT(runs("domain = 'fixture_domain_1'"), other_runs);

  write_config(dir_, db_.url(), dir_ / "plugins", 1, base + "[scheduler]\nconcurrency = many\n");
  daemon->signal(SIGHUP);
  ASSERT_TRUE(eventually([&] { return log().find("reload refused") != std::string::npos; }, 5s)) << log();
  EXPECT_NE(log().find("[scheduler] concurrency"), std::string::npos);
  const auto before = runs("domain = 'fixture_domain_1'");
  ASSERT_TRUE(eventually([&] { return runs("domain = 'fixture_domain_1'") > before + 1; }, 6s))
      << "the configuration in force stopped working";
  daemon->signal(SIGTERM);
  EXPECT_EQ(daemon->wait_exit(10s), 0);
}

TEST_P(Daemon, ARefusedReloadLeavesTheLivePluginInstancesAsTheyWere) {
  // isolation = thread: the plugin instances live in the daemon, and configure() keeps state in them.
  const std::string base =
      "[plugins]\nisolation = thread\n[scheduler]\nheartbeat = 1s\nstagger = 0s\n"
      "[domain.fixture_policy]\nenabled = true\ninterval = 1s\nrows = 2\n";
  const auto file = config({"fixture_policy.so"}, base + "category = first\n");
  auto daemon = start(file);
  ASSERT_TRUE(eventually([&] { return runs("status = 'succeeded'") >= 1; }, 10s)) << log();
  // A reload whose fixture_policy part is accepted, and the whole refused: a later domain has no plugin.
  auto text = read_file(file);
  text.replace(text.find("category = first"), 16, "category = second\n[domain.nosuchdomain]\nenabled = true");
  write_file(file, text);
  daemon->signal(SIGHUP);
  ASSERT_TRUE(eventually([&] { return log().find("reload refused") != std::string::npos; }, 5s)) << log();
  const auto before = runs("status = 'succeeded'");
  ASSERT_TRUE(eventually([&] { return runs("status = 'succeeded'") > before + 1; }, 10s)) << log();
  EXPECT_EQ(db_.count("SELECT COUNT(*) FROM policy_states WHERE category = 'second'"), 0)
      << "the refused configuration reached the plugin instance in use";
  EXPECT_EQ(db_.count("SELECT COUNT(*) FROM policy_states WHERE category = 'first'"), 2);
  daemon->signal(SIGTERM);
  EXPECT_EQ(daemon->wait_exit(10s), 0);
}

GOVSYNC_ON_EACH_BACKEND(Daemon);

}  // namespace
}  // namespace govsync::test
