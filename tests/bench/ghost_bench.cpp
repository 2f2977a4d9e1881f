// Ghost recovery: `govsync serve` is SIGKILLed in the middle of a run (rows
// written, transaction open), then started again. Measures the time from the
// restart until the dead run is failed in sync_runs, and until the same
// (domain, tenant) has succeeded again, and how many runs that took. The run
// is the fixture_policy plugin writing 1,000 rows and then working for 1 s.
//
// usage: ghost_bench   (GOVSYNC_TEST_POSTGRES for PostgreSQL too)
#include <csignal>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "bench_process.hpp"
#include "bench_report.hpp"
#include "bench_setup.hpp"
#include "test_paths.hpp"

namespace {

using namespace govsync;
using namespace std::chrono_literals;

constexpr double kTargetFailedSeconds = 5;

struct Recovery {
  double failed_s = -1;  // restart -> dead run failed
  double green_s = -1;   // restart -> the (domain, tenant) succeeded again
  std::int64_t runs_to_green = 0;
  std::string error;  // the dead run's recorded error
};

// Polls `check` every 20 ms until it holds or `limit` passes; the seconds since `since`, or -1.
template <typename Check>
double wait_for(Check&& check, std::chrono::steady_clock::time_point since, std::chrono::seconds limit) {
  while (std::chrono::steady_clock::now() - since < limit) {
    try {
      if (check()) return bench::seconds_since(since);
    } catch (const std::exception&) {  // tables not there yet
    }
    std::this_thread::sleep_for(20ms);
  }
  return -1;
}

Recovery measure(test::Backend backend) {
  test::TempDir dir;
  test::TestDatabase db(backend);
  const auto ready = dir / "ready";
  std::filesystem::create_directories(ready);
  const auto config = bench::write_bench_config(
      dir, db.url(), 8, bench::fixture_plugins(dir, {"fixture_policy.so"}), 1, "",
      "[domain.fixture_policy]\nenabled = true\nrows = 1000\nsleep_ms = 1000\nready_dir = " + ready.string() + "\n");
  std::int64_t dead_run = 0;
  {
    bench::Child first(GOVSYNC_TEST_BINARY, {"serve", "--config", config.string()}, dir / "serve-1.log");
    if (wait_for([&] { return std::filesystem::exists(ready / "bench1"); }, first.started(), 30s) < 0)
      throw std::runtime_error("the first run never wrote its rows: " + test::read_file(dir / "serve-1.log"));
    first.signal(SIGKILL);
    first.wait();
    dead_run = std::stoll(test::read_file(ready / "bench1"));
  }
  const auto run_status = [&](const std::string& where) {
    return db.count("SELECT COUNT(*) FROM sync_runs WHERE " + where);
  };
  if (run_status("id = " + std::to_string(dead_run) + " AND status = 'running'") != 1)
    throw std::runtime_error("the killed run is not left running");
  bench::Child second(GOVSYNC_TEST_BINARY, {"serve", "--config", config.string()}, dir / "serve-2.log");
  Recovery recovery;
  recovery.failed_s =
      wait_for([&] { return run_status("id = " + std::to_string(dead_run) + " AND status = 'failed'") == 1; },
               second.started(), 60s);
  recovery.green_s = wait_for([&] { return run_status("status = 'succeeded'") >= 1; }, second.started(), 60s);
  recovery.runs_to_green = run_status("id > " + std::to_string(dead_run));
  recovery.error = db.text("SELECT error FROM sync_runs WHERE id = " + std::to_string(dead_run));
  second.signal(SIGTERM);
  second.wait();
  return recovery;
}

}  // namespace

int main() {
  return bench::guarded("ghost_bench", [&] {
    std::vector<test::Backend> backends{test::Backend::sqlite};
    if (bench::postgres_available()) backends.push_back(test::Backend::postgresql);
    std::vector<std::vector<std::string>> table;
    Poco::JSON::Array::Ptr results = new Poco::JSON::Array;
    bool all_met = true;
    for (const auto backend : backends) {
      const auto recovery = measure(backend);
      const bool met = recovery.failed_s >= 0 && recovery.failed_s <= kTargetFailedSeconds && recovery.green_s >= 0 &&
                       recovery.runs_to_green <= 2;
      all_met = all_met && met;
      table.push_back({test::backend_name(backend), bench::fixed(recovery.failed_s, 2),
                       bench::fixed(recovery.green_s, 2), std::to_string(recovery.runs_to_green), bench::verdict(met)});
      auto entry = bench::ordered_object();
      entry->set("backend", test::backend_name(backend));
      entry->set("dead_run_failed_s", recovery.failed_s);
      entry->set("green_again_s", recovery.green_s);
      entry->set("runs_to_green", recovery.runs_to_green);
      entry->set("dead_run_error", recovery.error);
      entry->set("target_met", met);
      results->add(entry);
    }
    bench::print_table("ghost: SIGKILL mid-run, restart; seconds after the restart (the new run works 1 s)",
                       {"backend", "dead run failed s", "green again s", "runs to green", "target"}, table);
    std::printf("target: dead run failed within 5 s of the restart; green again within one retry (<= 2 runs)\n");
    auto json = bench::summary("ghost");
    return bench::finish(*json, results, all_met);
  });
}
