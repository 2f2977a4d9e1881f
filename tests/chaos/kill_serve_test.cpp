// Fault injection: `govsync serve` SIGKILLed at a random moment, 20 times per
// backend, runs in flight each time. After every restart no run of a dead
// owner stays `running` past one heartbeat; at the end every (domain,
// tenant) has run again, and no row written by a killed run ever landed.
#include <csignal>
#include <iostream>
#include <random>

#include "../integration/backend_param.hpp"

namespace govsync::test {
namespace {

using namespace std::chrono_literals;

constexpr int kKills = 20;
constexpr int kTenants = 3;

class KillServe : public OnEachBackend {
 protected:
  std::int64_t count(const std::string& sql) { return db_.count(sql); }

  TestDatabase db_{GetParam()};
  TempDir dir_;
};

TEST_P(KillServe, RandomKillsLeaveNoRunRunningNoPartialDataAndEveryPairRunsAgain) {
  // Runs of 600 ms every second, so a kill usually finds some in flight.
  const auto file = write_config(dir_, db_.url(), plugin_dir_with(dir_, {"fixture_policy.so"}), kTenants,
                                 "[scheduler]\nheartbeat = 1s\nretry = 1s\nstagger = 0s\n"
                                 "[domain.fixture_policy]\nenabled = true\ninterval = 1s\nrows = 5\nsleep_ms = 600\n");
  const auto seed = std::random_device{}();
  std::cout << "kill_serve seed " << seed << " on " << backend_name(GetParam()) << "\n";
  std::mt19937 random(seed);
  std::uniform_int_distribution<int> kill_after_ms(300, 1500);
  std::int64_t killed_in_flight = 0;
  for (int kill = 0; kill <= kKills; ++kill) {
    const double started = now_epoch();
    DaemonProcess daemon(file, dir_ / ("serve-" + std::to_string(kill) + ".log"));
    const auto log = [&] { return read_file(dir_ / ("serve-" + std::to_string(kill) + ".log")); };
    // The rows its predecessor left running are failed at start, within one heartbeat.
    EXPECT_TRUE(eventually(
        [&] {
          return count("SELECT COUNT(*) FROM sync_runs WHERE status = 'running' AND " + db_.epoch("started_at") +
                       " < " + std::to_string(started)) == 0;
        },
        1500ms))
        << "kill " << kill << ": a dead owner's run is still running\n"
        << log();
    if (kill == kKills) {
      // Every pair runs again and succeeds after the last restart.
      EXPECT_TRUE(eventually(
          [&] {
            return count("SELECT COUNT(DISTINCT tenant_id) FROM sync_runs WHERE status = 'succeeded' AND " +
                         db_.epoch("started_at") + " >= " + std::to_string(started)) == kTenants;
          },
          15s))
          << log();
      daemon.signal(SIGTERM);
      EXPECT_EQ(daemon.wait_exit(15s), 0) << log();
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(kill_after_ms(random)));
    killed_in_flight += count("SELECT COUNT(*) FROM sync_runs WHERE status = 'running'");
    daemon.signal(SIGKILL);
    ASSERT_TRUE(daemon.wait_exit(5s).has_value());
  }
  EXPECT_GT(killed_in_flight, 0) << "no kill found a run in flight: the test proved nothing";
  EXPECT_EQ(count("SELECT COUNT(*) FROM sync_runs WHERE status = 'running'"), 0);
  // No partial data: every stored row comes from a run that succeeded, and each tenant has all 5.
  EXPECT_EQ(count("SELECT COUNT(*) FROM policy_states p WHERE NOT EXISTS (SELECT 1 FROM sync_runs r WHERE "
                  "r.id = p.sync_run_id AND r.status = 'succeeded')"),
            0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM policy_states"), 5 * kTenants);
  std::cout << "kill_serve: " << kKills << " kills found " << killed_in_flight << " runs in flight; "
            << count("SELECT COUNT(*) FROM sync_runs WHERE status = 'failed'") << " failed as ghosts or cut short, "
            << count("SELECT COUNT(*) FROM sync_runs WHERE status = 'succeeded'") << " succeeded\n";
}

GOVSYNC_ON_EACH_BACKEND(KillServe);

}  // namespace
}  // namespace govsync::test
