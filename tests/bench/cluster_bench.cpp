// Cluster: one cycle of N tenants x the five bundled domains against the
// emulator at a fixed latency per API request, run by 1, 2 and 3 `govsync
// serve` processes in cluster mode sharing one PostgreSQL database (a fresh
// schema per host count). Prints each host count's cycle time (first run's
// start to last run's end in the ledger) beside the one-host figure, the runs
// each host did, duplicates (more than one succeeded run for a (domain,
// tenant, window): must be 0) and each host's peak RSS.
//
// Every host has the same configuration: concurrency C, pool_size C, stagger
// 1s, and an interval long enough (30 days) that each slot runs once. The
// claims' windows are multiples of the interval since the Unix epoch, so the
// program refuses to start within an hour of a window boundary, where a slot
// could be claimed in two windows.
//
// usage: cluster_bench [TENANTS] [HOSTS,...] [LATENCY_MS] [CONCURRENCY]   (default 1000 1,2,3 50 4)
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <stdexcept>
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

constexpr int kDomains = 5;
constexpr std::int64_t kIntervalSeconds = 30 * 86400;
constexpr auto kCycleTimeout = std::chrono::minutes(20);

struct HostResult {
  long runs = 0;
  long peak_rss_kib = 0;
};

struct ClusterResult {
  double cycle_s = 0;
  std::vector<HostResult> hosts;
  long duplicates = 0;
  long unclaimed = 0;
};

std::string logs_of(const test::TempDir& dir, int hosts) {
  std::string all;
  for (int h = 0; h < hosts; ++h) {
    const auto log = test::read_file(dir / ("host" + std::to_string(h) + ".log"));
    all += "--- host" + std::to_string(h) + "\n" + log.substr(log.size() > 2000 ? log.size() - 2000 : 0);
  }
  return all;
}

void refuse_near_window_boundary() {
  const auto now =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch());
  const auto left = kIntervalSeconds - now.count() % kIntervalSeconds;
  if (left < 3600) {
    throw std::runtime_error("the claims' 30-day window ends in " + std::to_string(left) +
                             " s: a slot could be claimed in two windows; run again after it");
  }
}

ClusterResult run_cluster(int host_count, int tenants, int concurrency, const std::string& emulator_url) {
  test::TempDir dir;
  test::TestDatabase db(test::Backend::postgresql);
  const auto config = bench::write_bench_config(
      dir, db.url(), concurrency, bench::bundled_plugins(dir), tenants, emulator_url,
      "[cluster]\nenabled = true\n[scheduler]\nconcurrency = " + std::to_string(concurrency) + "\nstagger = 1s\n" +
          bench::bundled_domains_config("interval = " + std::to_string(kIntervalSeconds / 86400) + "d\n"));
  std::vector<std::unique_ptr<bench::Child>> hosts;
  std::vector<int> pids;
  for (int h = 0; h < host_count; ++h) {
    hosts.push_back(std::make_unique<bench::Child>(GOVSYNC_TEST_BINARY,
                                                   std::vector<std::string>{"serve", "--config", config.string()},
                                                   dir / ("host" + std::to_string(h) + ".log")));
    pids.push_back(hosts.back()->pid());
  }
  const long slots = static_cast<long>(kDomains) * tenants;
  const auto started = std::chrono::steady_clock::now();
  for (long done = 0; done < slots;) {
    if (std::chrono::steady_clock::now() - started > kCycleTimeout) {
      throw std::runtime_error(std::to_string(host_count) + " hosts: " + std::to_string(done) + " of " +
                               std::to_string(slots) + " slots succeeded after 20 minutes\n" +
                               logs_of(dir, host_count));
    }
    std::this_thread::sleep_for(1s);
    try {
      done = db.count(
          "SELECT COUNT(*) FROM (SELECT DISTINCT domain, tenant_id FROM sync_runs WHERE status = 'succeeded') s");
    } catch (const std::exception&) {  // the hosts have not created the tables yet
    }
  }
  ClusterResult result;
  for (auto& host : hosts) host->signal(SIGTERM);
  for (std::size_t h = 0; h < hosts.size(); ++h) {
    const auto finished = hosts[h]->wait();
    if (finished.exit_code != 0) {
      throw std::runtime_error("host" + std::to_string(h) + " exited with " + std::to_string(finished.exit_code) +
                               "\n" + logs_of(dir, host_count));
    }
    result.hosts.push_back(
        {static_cast<long>(db.count("SELECT COUNT(*) FROM sync_runs WHERE status = 'succeeded' AND owner LIKE '%:" +
                                    std::to_string(pids[h]) + ":%'")),
         finished.peak_rss_kib});
  }
  result.cycle_s = bench::ledger_span_seconds(db, "status = 'succeeded'");
  result.duplicates = db.count(
      "SELECT COUNT(*) FROM (SELECT c.domain, c.tenant_id, c.window_start FROM run_claims c "
      "JOIN sync_runs r ON r.id = c.run_id AND r.status = 'succeeded' GROUP BY 1, 2, 3 HAVING COUNT(*) > 1) d");
  // A succeeded run beyond one per (domain, tenant), e.g. claimed in a second window.
  result.duplicates += db.count("SELECT COUNT(*) FROM sync_runs WHERE status = 'succeeded'") - slots;
  result.unclaimed =
      db.count("SELECT COUNT(*) FROM sync_runs r WHERE NOT EXISTS (SELECT 1 FROM run_claims c WHERE c.run_id = r.id)");
  return result;
}

std::string joined(const std::vector<HostResult>& hosts, bool rss) {
  std::string text;
  for (const auto& host : hosts) {
    text += (text.empty() ? "" : "/") + (rss ? bench::fixed(host.peak_rss_kib / 1024.0, 1) : std::to_string(host.runs));
  }
  return text;
}

}  // namespace

int main(int argc, char** argv) {
  return bench::guarded("cluster_bench", [&] {
    const int tenants = argc > 1 ? std::stoi(argv[1]) : 1000;
    const auto host_counts = bench::numbers(argc > 2 ? argv[2] : "1,2,3");
    const int latency_ms = argc > 3 ? std::stoi(argv[3]) : 50;
    const int concurrency = argc > 4 ? std::stoi(argv[4]) : 4;
    if (!bench::postgres_available()) throw std::runtime_error("cluster mode needs GOVSYNC_TEST_POSTGRES");
    refuse_near_window_boundary();

    test::EmulatorProcess emulator(bench::emulator_scenario(tenants, latency_ms));
    std::vector<std::vector<std::string>> table;
    Poco::JSON::Array::Ptr results = new Poco::JSON::Array;
    bool all_met = true;
    double one_host_s = 0;
    for (const int hosts : host_counts) {
      const auto result = run_cluster(hosts, tenants, concurrency, emulator.base_url());
      if (hosts == 1) one_host_s = result.cycle_s;
      const double speedup = one_host_s > 0 ? one_host_s / result.cycle_s : 0;
      bool every_host_worked = true;
      for (const auto& host : result.hosts) every_host_worked = every_host_worked && host.runs > 0;
      const bool met = result.duplicates == 0 && result.unclaimed == 0 && every_host_worked;
      all_met = all_met && met;
      table.push_back({std::to_string(hosts), std::to_string(kDomains * tenants), bench::fixed(result.cycle_s, 2),
                       one_host_s > 0 ? bench::fixed(speedup, 2) : "-", joined(result.hosts, false),
                       std::to_string(result.duplicates), std::to_string(result.unclaimed), joined(result.hosts, true),
                       bench::verdict(met)});
      auto entry = bench::ordered_object();
      entry->set("hosts", hosts);
      entry->set("runs", kDomains * tenants);
      entry->set("cycle_s", result.cycle_s);
      if (one_host_s > 0) entry->set("speedup", speedup);
      Poco::JSON::Array::Ptr runs = new Poco::JSON::Array;
      Poco::JSON::Array::Ptr rss = new Poco::JSON::Array;
      for (const auto& host : result.hosts) {
        runs->add(host.runs);
        rss->add(host.peak_rss_kib);
      }
      entry->set("runs_per_host", runs);
      entry->set("duplicates", result.duplicates);
      entry->set("unclaimed_runs", result.unclaimed);
      entry->set("peak_rss_kib", rss);
      entry->set("target_met", met);
      results->add(entry);
    }
    bench::print_table("cluster: " + std::to_string(tenants) + " tenants x " + std::to_string(kDomains) + " domains, " +
                           std::to_string(latency_ms) + " ms per API request, concurrency " +
                           std::to_string(concurrency) +
                           " per host, PostgreSQL; cycle = first run start to last "
                           "run end (ledger); speed-up = one host's cycle / this cycle",
                       {"hosts", "runs", "cycle s", "speed-up", "runs per host", "duplicates", "unclaimed",
                        "peak RSS MiB per host", "targets"},
                       table);
    std::printf("targets: 0 duplicates, every run executes a claim, every host runs some slots\n");
    auto json = bench::summary("cluster");
    json->set("tenants", tenants);
    json->set("latency_ms", latency_ms);
    json->set("concurrency_per_host", concurrency);
    return bench::finish(*json, results, all_met);
  });
}
