// [plugins] isolation = process: every run executes in a worker process, so a
// plugin that segfaults, aborts, calls exit(0), throws a non-std exception,
// spins ignoring cancellation or allocates without bound fails its own run
// alone: the daemon, the plugin's other tenants and the other domains go on.
#include <csignal>

#include <algorithm>
#include <cstdlib>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "backend_param.hpp"
#include "test_paths.hpp"

namespace govsync::test {
namespace {

using namespace std::chrono_literals;

// Three crashes in a row quarantine a (domain, tenant); the fourth attempt shows it.
const std::string kRetries = "1s, 1s, 1s, 1s";

std::filesystem::path crash_fixture() {
  return std::filesystem::path(GOVSYNC_TEST_CRASH_FIXTURE_DIR) / "fixture_crash.so";
}

// A plugin folder of the test's own holding copies of `libraries`, with the
// permissions the daemon insists on when run as root (0755 folder, 0644 files).
std::filesystem::path plugin_folder(const TempDir& dir, const std::vector<std::filesystem::path>& libraries) {
  namespace fs = std::filesystem;
  const auto folder = dir / "plugins";
  fs::create_directories(folder);
  fs::permissions(folder, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                              fs::perms::others_read | fs::perms::others_exec);
  for (const auto& library : libraries) {
    const auto copy = folder / library.filename();
    fs::copy_file(library, copy, fs::copy_options::overwrite_existing);
    fs::permissions(copy,
                    fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read | fs::perms::others_read);
  }
  return folder;
}

// True while the daemon runs; an exited daemon is reaped (kill(pid, 0) would still find a zombie).
bool alive(DaemonProcess& daemon) {
  static_cast<void>(daemon.wait_exit(0ms));
  return daemon.running();
}

// Children of `parent` running `govsync worker` on the crash fixture that are
// runnable (state R): a spinning plugin's worker always is; an idle one sleeps.
int spinning_workers(int parent) {
  int count = 0;
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    const auto pid = entry.path().filename().string();
    if (pid.empty() || pid.find_first_not_of("0123456789") != std::string::npos) continue;
    const auto stat_line = read_file(entry.path() / "stat");  // "pid (comm) state ppid ..."; comm may hold spaces
    const auto end_of_comm = stat_line.rfind(')');
    if (end_of_comm == std::string::npos) continue;  // the process is gone
    std::istringstream fields(stat_line.substr(end_of_comm + 1));
    char state = '?';
    int ppid = 0;
    fields >> state >> ppid;
    if (state != 'R' || ppid != parent) continue;
    auto cmdline = read_file(entry.path() / "cmdline");
    std::replace(cmdline.begin(), cmdline.end(), '\0', ' ');
    if (cmdline.find(" worker ") != std::string::npos && cmdline.find("fixture_crash") != std::string::npos) ++count;
  }
  return count;
}

// VmRSS of a process in KiB, -1 when it cannot be read.
std::int64_t resident_kib(int pid) {
  std::istringstream status(read_file("/proc/" + std::to_string(pid) + "/status"));
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stoll(line.substr(6));
  }
  return -1;
}

// The line of `text` that contains `needle` ("" when none).
std::string line_with(const std::string& text, const std::string& needle) {
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.find(needle) != std::string::npos) return line;
  }
  return {};
}

class WorkerIsolation : public OnEachBackend {
 protected:
  // Tenants t1 and t2; domains fixture_crash (misbehaving as `mode` for t1
  // only) and fixture_counter, every slot due at once.
  std::filesystem::path config(const std::string& mode, const std::string& retry = kRetries,
                               const std::string& plugins_extra = "", const std::string& crash_extra = "") {
    const auto plugins = plugin_folder(dir_, {crash_fixture(), fixture_dir() / "fixture_counter.so"});
    return write_config(
        dir_, db_.url(), plugins, 2,
        "[plugins]\nisolation = process\n" + plugins_extra +
            "[scheduler]\nconcurrency = 4\nstagger = 0s\nheartbeat = 1s\nshutdown_grace = 2s\nretry = " + retry +
            "\n[domain.fixture_crash]\nenabled = true\nmode = " + mode + "\ncrash_tenants = t1\n" + crash_extra +
            "[domain.fixture_counter]\nenabled = true\n");
  }
  std::unique_ptr<DaemonProcess> start(const std::filesystem::path& config_file) {
    return std::make_unique<DaemonProcess>(config_file, dir_ / "serve.log");
  }
  std::int64_t runs(const std::string& where) { return db_.count("SELECT COUNT(*) FROM sync_runs WHERE " + where); }
  // Runs of the misbehaving pair, (fixture_crash, t1).
  std::int64_t crash_runs(const std::string& where) {
    return runs("domain = 'fixture_crash' AND tenant_id = 't1' AND " + where);
  }
  std::int64_t resources(const std::string& domain, const std::string& tenant) {
    return db_.count("SELECT COUNT(*) FROM resources WHERE tenant_id = '" + tenant +
                     "' AND resource_id LIKE '%/providers/" + domain + "/%'");
  }
  // The error of the first failed run of (fixture_crash, t1).
  std::string first_error() {
    try {
      return db_.text(
          "SELECT error FROM sync_runs WHERE domain = 'fixture_crash' AND tenant_id = 't1' AND status = 'failed' "
          "ORDER BY id LIMIT 1");
    } catch (const std::exception& e) {
      return std::string("(no failed run: ") + e.what() + ")";
    }
  }
  std::string log() { return read_file(dir_ / "serve.log"); }

  // (fixture_crash, t2), (fixture_counter, t1) and (fixture_counter, t2) succeed with their rows.
  void expect_the_others_succeeded() {
    const std::vector<std::pair<std::string, std::string>> behaving{
        {"fixture_crash", "t2"}, {"fixture_counter", "t1"}, {"fixture_counter", "t2"}};
    for (const auto& [domain, tenant] : behaving) {
      const auto succeeded = "domain = '" + domain + "' AND tenant_id = '" + tenant + "' AND status = 'succeeded'";
      EXPECT_TRUE(eventually([&] { return runs(succeeded) >= 1; }, 20s)) << domain << "/" << tenant << "\n" << log();
      EXPECT_EQ(resources(domain, tenant), 2) << domain << "/" << tenant;
    }
  }

  // The failed run's rows were rolled back: none of fixture_crash for t1, not even the one written before the crash.
  void expect_rolled_back() { EXPECT_EQ(resources("fixture_crash", "t1"), 0) << "rows of a failed run were kept"; }

  // With fixture_crash misbehaving for t1: its run fails with `expected` in
  // its error, quickly and rolled back, and nothing else fails.
  void expect_only_its_run_fails(DaemonProcess& daemon, const std::string& expected, bool kills_worker) {
    ASSERT_TRUE(
        eventually([&] { return crash_runs("status = 'failed' AND error LIKE '%" + expected + "%'") >= 1; }, 20s))
        << "first error: " << first_error() << "\n"
        << log();
    expect_the_others_succeeded();
    EXPECT_TRUE(alive(daemon)) << log();
    // The supervisor itself never maps a plugin library.
    EXPECT_EQ(read_file("/proc/" + std::to_string(daemon.pid()) + "/maps").find((dir_ / "plugins").string()),
              std::string::npos);
    expect_rolled_back();
    const auto failure = first_error();
    if (kills_worker) {
      EXPECT_NE(failure.find("during 'misbehaving'"), std::string::npos) << failure;
    } else {
      EXPECT_EQ(failure.find("worker of plugin"), std::string::npos) << "the worker died: " << failure;
    }
    const double took = db_.real("SELECT " + db_.epoch("finished_at") + " - " + db_.epoch("started_at") +
                                 " FROM sync_runs WHERE id = (SELECT MIN(id) FROM sync_runs WHERE domain = "
                                 "'fixture_crash' AND tenant_id = 't1' AND status = 'failed')");
    EXPECT_LT(took, 2.0) << "the failed run took " << took << " s from start to its record";
  }

  // Attempts 1 to 3 kill their worker (retry = 1s each); the fourth is refused, and the daemon goes on.
  void expect_quarantined_after_three(DaemonProcess& daemon, const std::string& death) {
    ASSERT_TRUE(eventually([&] { return crash_runs("status = 'failed' AND error LIKE '%quarantined%'") >= 1; }, 30s))
        << log();
    EXPECT_GE(crash_runs("status = 'failed' AND error LIKE '%" + death + "%' AND error NOT LIKE '%quarantined%'"), 3);
    EXPECT_TRUE(alive(daemon)) << log();
    expect_rolled_back();
  }

  // SIGTERM: the daemon exits 0 and leaves no run 'running'.
  void expect_clean_stop(DaemonProcess& daemon) {
    daemon.signal(SIGTERM);
    EXPECT_EQ(daemon.wait_exit(15s), 0) << log();
    EXPECT_EQ(runs("status = 'running'"), 0) << "a run was left running";
  }

  TestDatabase db_{GetParam()};
  TempDir dir_;
};

TEST_P(WorkerIsolation, ASegfaultFailsOnlyItsRunAndThreeInARowQuarantineThePair) {
  auto daemon = start(config("segfault"));
  expect_only_its_run_fails(*daemon, "was terminated by signal 11: Segmentation fault", true);
  if (HasFatalFailure()) return;
  expect_quarantined_after_three(*daemon, "signal 11");
  expect_clean_stop(*daemon);
}

TEST_P(WorkerIsolation, APluginCrashingForEveryTenantIsQuarantinedVisiblyUntilAReload) {
  const auto plugins = plugin_folder(dir_, {crash_fixture(), fixture_dir() / "fixture_counter.so"});
  const auto file = write_config(dir_, db_.url(), plugins, 2,
                                 "[admin]\nlisten = 127.0.0.1:0\n[plugins]\nisolation = process\n"
                                 "[scheduler]\nconcurrency = 2\nstagger = 0s\nretry = 1s, 1s, 1s, 1s\n"
                                 "[domain.fixture_crash]\nenabled = true\nmode = segfault\n"
                                 "[domain.fixture_counter]\nenabled = true\n");
  auto daemon = start(file);
  int port = 0;
  ASSERT_TRUE(eventually([&] { return (port = admin_port(log())) > 0; }, 15s)) << log();
  const auto metric = [&] { return http_request(port, "GET", "/metrics").body; };
  const std::string held = "govsync_plugin_quarantined{plugin=\"fixture_crash\"} 1";
  // Deaths on t1 and t2 in turn: the plugin's third in a row holds the plugin back, whichever tenant.
  ASSERT_TRUE(eventually([&] { return metric().find(held) != std::string::npos; }, 30s)) << metric() << log();
  EXPECT_NE(metric().find("govsync_plugin_quarantined{plugin=\"fixture_counter\"} 0"), std::string::npos);
  const auto ready = http_request(port, "GET", "/readyz");
  EXPECT_NE(ready.body.find("quarantine: plugin fixture_crash is quarantined until"), std::string::npos) << ready.body;
  EXPECT_TRUE(
      eventually([&] { return runs("error LIKE 'not started: plugin fixture_crash is quarantined%'") >= 1; }, 10s))
      << log();
  EXPECT_TRUE(alive(*daemon)) << log();
  // `govsync status`, another process, shows it too (from daemon_quarantines).
  const auto status = [&] { return run_govsync({"status", "--config", file.string()}).out; };
  const std::string shown = "QUARANTINED: plugin fixture_crash is quarantined until";
  EXPECT_TRUE(eventually([&] { return status().find(shown) != std::string::npos; }, 10s)) << status();
  daemon->signal(SIGHUP);  // a reload lifts it
  EXPECT_TRUE(eventually([&] { return metric().find(held) == std::string::npos; }, 10s)) << metric();
  EXPECT_TRUE(eventually([&] { return status().find("QUARANTINED") == std::string::npos; }, 10s)) << status();
  expect_clean_stop(*daemon);
}

TEST_P(WorkerIsolation, AWorkerKilledHoldingTheWriteLockLeavesTheDatabaseUsable) {
  // The run begins its transaction (on SQLite: BEGIN IMMEDIATE, the one write lock) and then segfaults.
  const auto file = config("segfault", "none", "", "hold_write_lock = true\n");
  auto daemon = start(file);
  expect_only_its_run_fails(*daemon, "was terminated by signal 11: Segmentation fault", true);
  if (HasFatalFailure()) return;
  // A later run needs the write lock; were it still held, it would wait out the 60 s busy timeout and fail.
  const auto started = std::chrono::steady_clock::now();
  const auto again = run_govsync({"run", "--config", file.string(), "--domain", "fixture_counter"});
  EXPECT_EQ(again.exit_code, 0) << again.out << again.err;
  EXPECT_LT(std::chrono::steady_clock::now() - started, 10s);
  expect_clean_stop(*daemon);
}

TEST_P(WorkerIsolation, AWorkerThatForgesFramesIsKilledAndTheSupervisorCarriesOn) {
  // Plugin code owns its process and can write anything to the channel: a log
  // level no logger has and a result without its status, or a success it was
  // never allowed to commit. Either is the worker's fault, never the supervisor's crash.
  for (const std::string mode : {"bad_frame", "forged_success"}) {
    TempDir dir;
    TestDatabase db(GetParam());
    const auto plugins = plugin_folder(dir, {crash_fixture(), fixture_dir() / "fixture_counter.so"});
    const auto file = write_config(dir, db.url(), plugins, 2,
                                   "[plugins]\nisolation = process\n[scheduler]\nconcurrency = 4\nstagger = 0s\n"
                                   "retry = none\n[domain.fixture_crash]\nenabled = true\nmode = " +
                                       mode + "\ncrash_tenants = t1\n[domain.fixture_counter]\nenabled = true\n");
    DaemonProcess daemon(file, dir / "serve.log");
    const auto failed = [&] {
      return db.count(
          "SELECT COUNT(*) FROM sync_runs WHERE domain = 'fixture_crash' AND tenant_id = 't1' AND "
          "status = 'failed' AND error LIKE '%malformed%'");
    };
    ASSERT_TRUE(eventually([&] { return failed() == 1; }, 20s)) << mode << "\n" << read_file(dir / "serve.log");
    EXPECT_TRUE(
        eventually([&] { return db.count("SELECT COUNT(*) FROM sync_runs WHERE status = 'succeeded'") == 3; }, 20s))
        << mode << "\n"
        << read_file(dir / "serve.log");
    EXPECT_TRUE(alive(daemon)) << mode << "\n" << read_file(dir / "serve.log");
    daemon.signal(SIGTERM);
    EXPECT_EQ(daemon.wait_exit(15s), 0) << mode;
  }
}

TEST_P(WorkerIsolation, AnAbortFailsOnlyItsRunAndThreeInARowQuarantineThePair) {
  auto daemon = start(config("abort"));
  expect_only_its_run_fails(*daemon, "was terminated by signal 6: Aborted", true);
  if (HasFatalFailure()) return;
  expect_quarantined_after_three(*daemon, "signal 6");
  expect_clean_stop(*daemon);
}

TEST_P(WorkerIsolation, AnExitZeroFailsOnlyItsRunAndThreeInARowQuarantineThePair) {
  auto daemon = start(config("exit0"));
  expect_only_its_run_fails(*daemon, "exited with code 0", true);
  if (HasFatalFailure()) return;
  expect_quarantined_after_three(*daemon, "exited with code 0");
  expect_clean_stop(*daemon);
}

TEST_P(WorkerIsolation, ANonStdExceptionFailsOnlyItsRunAndTheWorkerSurvives) {
  auto daemon = start(config("throw_int"));
  expect_only_its_run_fails(*daemon, "unknown exception", false);
  if (HasFatalFailure()) return;
  expect_clean_stop(*daemon);
}

TEST_P(WorkerIsolation, ASpinningPluginIsKilledAfterItsTimeoutAndShutdownIsClean) {
  // No retry: a retried run would start another spinning worker.
  auto daemon = start(config("spin", "none", "", "run_timeout = 3s\n"));
  ASSERT_TRUE(eventually([&] { return spinning_workers(daemon->pid()) >= 1; }, 15s))
      << "no spinning worker process found\n"
      << log();
  ASSERT_TRUE(eventually([&] { return crash_runs("status = 'failed'") >= 1; }, 15s)) << log();
  EXPECT_NE(first_error().find("timed out"), std::string::npos) << first_error();
  // PostgreSQL records the timeout at once; the worker then has shutdown_grace (2 s) before its SIGKILL.
  EXPECT_TRUE(eventually([&] { return spinning_workers(daemon->pid()) == 0; }, 8s))
      << "a worker still spins after its run timed out\n"
      << log();
  expect_the_others_succeeded();
  expect_rolled_back();
  EXPECT_TRUE(alive(*daemon)) << log();
  expect_clean_stop(*daemon);
}

TEST_P(WorkerIsolation, AnAllocatingPluginHitsTheWorkerMemoryLimitNotTheDaemons) {
  auto daemon = start(config("allocate", "none", "worker_memory_limit = 256M\n"));
  std::int64_t most = 0;  // the daemon's largest VmRSS seen, KiB
  const auto sample = [&] { most = std::max(most, resident_kib(daemon->pid())); };
  ASSERT_TRUE(eventually(
      [&] {
        sample();
        return crash_runs("status = 'failed'") >= 1;
      },
      20s))
      << log();
  expect_the_others_succeeded();  // workers of the same limit run well-behaved plugins
  EXPECT_TRUE(alive(*daemon)) << log();
  expect_rolled_back();
  sample();
  EXPECT_GT(most, 0);
  EXPECT_LT(most, 200 * 1024) << "the daemon's VmRSS reached " << most << " KiB; error: " << first_error();
  expect_clean_stop(*daemon);
}

GOVSYNC_ON_EACH_BACKEND(WorkerIsolation);

// Loading a library that kills the loading process (SIGBUS on a truncated
// file, abort() in the plugin's constructor) kills only the probing worker:
// `govsync plugins` reports it and exits 1; check-config, with no domain of
// the bad plugin enabled, is not killed either.
TEST(WorkerIsolationCli, ALibraryThatKillsItsLoaderFailsOnlyItsProbe) {
  const std::vector<std::pair<std::filesystem::path, std::string>> cases{
      {std::filesystem::path(GOVSYNC_TEST_TRUNCATED_FIXTURE_DIR) / "fixture_truncated.so", "signal 7"},
      {std::filesystem::path(GOVSYNC_TEST_ABORTING_FIXTURE_DIR) / "fixture_aborting_ctor.so", "signal 6"}};
  for (const auto& [library, expected_signal] : cases) {
    const auto name = library.filename().string();
    TempDir dir;
    const auto plugins = plugin_folder(dir, {library, fixture_dir() / "fixture_counter.so"});
    const auto file = write_config(dir, "sqlite:" + (dir / "govsync.db").string(), plugins, 1,
                                   "[plugins]\nisolation = process\n[domain.fixture_counter]\nenabled = true\n");

    const auto listed = run_govsync({"plugins", "--config", file.string()});
    const auto output = listed.out + listed.err;
    EXPECT_EQ(listed.exit_code, 1) << name << "\n" << output;
    EXPECT_NE(output.find(name), std::string::npos) << output;
    EXPECT_NE(output.find(expected_signal), std::string::npos) << name << "\n" << output;
    const auto good = line_with(listed.out, "fixture_counter.so");
    EXPECT_NE(good.find("loaded"), std::string::npos) << name << "\n" << output;
    EXPECT_EQ(good.find("not loaded"), std::string::npos) << name << "\n" << output;

    const auto checked = run_govsync(check_config_command(file.string()));
    EXPECT_TRUE(checked.exit_code == 0 || checked.exit_code == 1)
        << name << ": check-config exited with " << checked.exit_code << "\n"
        << checked.out << checked.err;
  }
}

}  // namespace
}  // namespace govsync::test
