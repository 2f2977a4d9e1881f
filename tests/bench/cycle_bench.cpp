// Cycle: one full sync cycle (`govsync run`: every tenant x the five bundled
// domains) against the emulator with a fixed latency per API request, for
// several tenant counts and concurrencies. Prints the cycle's wall time (the
// runs' span in the ledger) beside the ideal, total API requests x latency /
// concurrency, with requests per second, the binary's peak RSS and the most
// database connections it held at once (pg_stat_activity). The longest single
// run is printed too: no cycle can be shorter than it. Each cycle runs twice on
// the same database: the first writes every row, the second (what a daemon
// does from then on) upserts over stored rows and deletes none.
//
// On SQLite, and on PostgreSQL when GOVSYNC_TEST_POSTGRES is set. SQLite has
// one writer at a time: its runs wait on Azure side by side and take turns to
// write, at their ends.
//
// Each cell runs with plugins in worker processes ([plugins] isolation =
// process, the default) and in the daemon's own threads (thread), side by
// side: process mode's cycle must stay within 1.15x of thread mode's, and the
// daemon plus its workers must hold under 300 MiB resident at once.
//
// usage: cycle_bench [TENANTS,...] [CONCURRENCY,...] [LATENCY_MS] [sqlite|postgresql] [thread,process]
//        (default 10,100,1000 4,32 50, both backends, both isolation modes)
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "bench_process.hpp"
#include "bench_report.hpp"
#include "bench_setup.hpp"
#include "connection_watch.hpp"

namespace {

using namespace govsync;

constexpr double kTargetRatio = 1.3;
constexpr long kTargetRssKib = 150 * 1024;
constexpr double kTargetProcessToThread = 1.15;
constexpr long kTargetTreeRssKib = 300 * 1024;

// One cell's figures, kept to compare the isolation modes.
struct Cell {
  std::string key;  // backend/tenants/concurrency
  std::string isolation;
  double cycle = 0;
  double again = 0;
  long tree_rss_kib = 0;
};
// Connections beside the runs' sessions: the housekeeper's and the start-up ones.
constexpr int kExtraConnections = 3;

struct RequestCount {
  long api = 0;    // requests that carry the latency
  long total = 0;  // with the token requests
};

RequestCount count_requests(const test::EmulatorProcess& emulator) {
  const auto json = Poco::JSON::Parser().parse(emulator.requests_json()).extract<Poco::JSON::Object::Ptr>();
  RequestCount count;
  for (const auto& entry : *json->getArray("requests")) {
    const auto path = entry.extract<Poco::JSON::Object::Ptr>()->getValue<std::string>("path");
    ++count.total;
    if (path.find("/oauth2/") == std::string::npos) ++count.api;
  }
  return count;
}

// One `govsync run`; throws unless each of its runs (those after run id `after`) succeeded.
bench::Finished run_cycle(const std::filesystem::path& config, const std::filesystem::path& log, test::TestDatabase& db,
                          std::int64_t after, int tenants) {
  const auto finished = bench::run_govsync_measured({"run", "--config", config.string()}, log);
  const auto succeeded =
      db.count("SELECT COUNT(*) FROM sync_runs WHERE status = 'succeeded' AND id > " + std::to_string(after));
  if (finished.exit_code != 0 || succeeded != 5L * tenants) {
    throw std::runtime_error("govsync run: exit " + std::to_string(finished.exit_code) + ", " +
                             std::to_string(succeeded) + " of " + std::to_string(5 * tenants) + " runs succeeded:\n" +
                             test::read_file(log).substr(0, 4000));
  }
  return finished;
}

}  // namespace

int main(int argc, char** argv) {
  return bench::guarded("cycle_bench", [&] {
    const auto tenant_counts = bench::numbers(argc > 1 ? argv[1] : "10,100,1000");
    const auto concurrencies = bench::numbers(argc > 2 ? argv[2] : "4,32");
    const int latency_ms = argc > 3 ? std::stoi(argv[3]) : 50;
    const std::string only = argc > 4 ? argv[4] : "";
    const auto isolations = bench::isolation_modes(argc > 5 ? argv[5] : "thread,process");
    std::vector<Cell> cells;
    std::vector<test::Backend> backends;
    if (only.empty() || only == "sqlite") backends.push_back(test::Backend::sqlite);
    if ((only.empty() || only == "postgresql") && bench::postgres_available())
      backends.push_back(test::Backend::postgresql);
    int most_tenants = 0;
    for (const int n : tenant_counts) most_tenants = std::max(most_tenants, n);

    test::EmulatorProcess emulator(bench::emulator_scenario(most_tenants, latency_ms));
    std::vector<std::vector<std::string>> table;
    Poco::JSON::Array::Ptr results = new Poco::JSON::Array;
    bool all_met = true;
    for (const auto backend : backends) {
      for (const int tenants : tenant_counts) {
        for (const int concurrency : concurrencies) {
          for (const auto& isolation : isolations) {
            test::TempDir dir;
            test::TestDatabase db(backend);
            const std::string application =
                "govsync_cycle_" + std::to_string(tenants) + "_" + std::to_string(concurrency);
            const std::string url =
                backend == test::Backend::postgresql ? db.url() + " application_name=" + application : db.url();
            const auto config = bench::write_bench_config(
                dir, url, concurrency, bench::bundled_plugins(dir), tenants, emulator.base_url(),
                "[scheduler]\nconcurrency = " + std::to_string(concurrency) + "\n" + bench::bundled_domains_config(),
                isolation);
            const auto before = count_requests(emulator);
            std::optional<bench::ConnectionWatch> watch;
            if (backend == test::Backend::postgresql) watch.emplace(std::getenv("GOVSYNC_TEST_POSTGRES"), application);
            const auto finished = run_cycle(config, dir / "run.log", db, 0, tenants);
            const auto after = count_requests(emulator);
            // The same cycle again over stored rows: what a daemon does from then on.
            const auto first_last_id = db.count("SELECT MAX(id) FROM sync_runs");
            const auto again = run_cycle(config, dir / "again.log", db, first_last_id, tenants);
            const int peak_connections = watch ? watch->stop() : 0;
            const long api = after.api - before.api;
            const long total = after.total - before.total;
            const double span = bench::ledger_span_seconds(db, "id <= " + std::to_string(first_last_id));
            const double longest_run =
                db.real("SELECT MAX(" + db.epoch("finished_at") + " - " + db.epoch("started_at") +
                        ") FROM sync_runs WHERE id <= " + std::to_string(first_last_id));
            const double ideal = static_cast<double>(api) * latency_ms / 1000.0 / concurrency;
            const double ratio = span / ideal;
            const double again_span = bench::ledger_span_seconds(db, "id > " + std::to_string(first_last_id));
            const double again_ratio = again_span / ideal;
            const bool time_met = ratio <= kTargetRatio && again_ratio <= kTargetRatio;
            const long peak_rss_kib = std::max(finished.peak_rss_kib, again.peak_rss_kib);
            const long tree_rss_kib = std::max(finished.peak_tree_rss_kib, again.peak_tree_rss_kib);
            cells.push_back(
                {test::backend_name(backend) + "/" + std::to_string(tenants) + "/" + std::to_string(concurrency),
                 isolation, span, again_span, tree_rss_kib});
            const bool rss_met = tenants < 1000 || peak_rss_kib < kTargetRssKib;
            // Worker processes hold one session each, busy or idle (up to concurrency of each).
            const int connection_limit = (isolation == "process" ? 2 * concurrency : concurrency) + kExtraConnections;
            const bool connections_met = backend != test::Backend::postgresql || peak_connections <= connection_limit;
            all_met = all_met && time_met && rss_met && connections_met;
            table.push_back({test::backend_name(backend), isolation, std::to_string(tenants),
                             std::to_string(concurrency), std::to_string(api), bench::fixed(span, 2),
                             bench::fixed(ideal, 2), bench::fixed(ratio, 2), bench::fixed(again_span, 2),
                             bench::fixed(again_ratio, 2), bench::fixed(longest_run, 2),
                             bench::fixed(static_cast<double>(total) / span, 0), bench::fixed(finished.seconds, 2),
                             bench::fixed(peak_rss_kib / 1024.0, 1), bench::fixed(tree_rss_kib / 1024.0, 1),
                             backend == test::Backend::postgresql ? std::to_string(peak_connections) : "-",
                             bench::verdict(time_met && rss_met && connections_met)});
            auto entry = bench::ordered_object();
            entry->set("backend", test::backend_name(backend));
            entry->set("isolation", isolation);
            entry->set("tenants", tenants);
            entry->set("concurrency", concurrency);
            entry->set("runs", 5 * tenants);
            entry->set("api_requests", api);
            entry->set("token_requests", total - api);
            entry->set("cycle_s", span);
            entry->set("ideal_s", ideal);
            entry->set("ratio", ratio);
            entry->set("second_cycle_s", again_span);
            entry->set("second_ratio", again_ratio);
            entry->set("longest_run_s", longest_run);
            entry->set("requests_per_s", static_cast<double>(total) / span);
            entry->set("process_s", finished.seconds);
            entry->set("peak_rss_kib", peak_rss_kib);
            entry->set("peak_tree_rss_kib", tree_rss_kib);
            if (backend == test::Backend::postgresql) entry->set("peak_db_connections", peak_connections);
            entry->set("time_target_met", time_met);
            entry->set("rss_target_met", rss_met);
            entry->set("connections_target_met", connections_met);
            results->add(entry);
          }
        }
      }
    }
    bench::print_table("cycle: " + std::to_string(latency_ms) +
                           " ms per API request; cycle = first run start to last run end (ledger)",
                       {"backend", "isolation", "tenants", "concurrency", "API requests", "cycle s", "ideal s", "ratio",
                        "2nd cycle s", "2nd ratio", "longest run s", "req/s", "process s", "peak RSS MiB",
                        "with workers PSS MiB", "peak DB conns", "targets"},
                       table);
    // Worker processes against the daemon's own threads, cell by cell.
    std::vector<std::vector<std::string>> modes;
    Poco::JSON::Array::Ptr comparison = new Poco::JSON::Array;
    for (const auto& process : cells) {
      if (process.isolation != "process") continue;
      const auto thread = std::find_if(cells.begin(), cells.end(),
                                       [&](const Cell& c) { return c.key == process.key && c.isolation == "thread"; });
      if (thread == cells.end()) continue;
      const double ratio = process.cycle / thread->cycle;
      const double again_ratio = process.again / thread->again;
      const bool met = ratio <= kTargetProcessToThread && again_ratio <= kTargetProcessToThread &&
                       process.tree_rss_kib < kTargetTreeRssKib;
      all_met = all_met && met;
      modes.push_back({process.key, bench::fixed(thread->cycle, 2), bench::fixed(process.cycle, 2),
                       bench::fixed(ratio, 2), bench::fixed(again_ratio, 2),
                       bench::fixed(process.tree_rss_kib / 1024.0, 1), bench::verdict(met)});
      auto entry = bench::ordered_object();
      entry->set("cell", process.key);
      entry->set("thread_cycle_s", thread->cycle);
      entry->set("process_cycle_s", process.cycle);
      entry->set("process_to_thread", ratio);
      entry->set("second_process_to_thread", again_ratio);
      entry->set("process_tree_rss_kib", process.tree_rss_kib);
      entry->set("target_met", met);
      comparison->add(entry);
    }
    if (!modes.empty()) {
      bench::print_table("cycle: worker processes (isolation = process) against the daemon's threads (thread)",
                         {"backend/tenants/concurrency", "thread cycle s", "process cycle s", "process/thread",
                          "2nd process/thread", "daemon + workers PSS MiB", "targets <= 1.15, < 300 MiB"},
                         modes);
    }
    std::printf(
        "targets: both cycles <= 1.3 x ideal; RSS < 150 MiB at 1000 tenants; DB connections <= concurrency + %d "
        "(2 x concurrency + %d with worker processes)\n",
        kExtraConnections, kExtraConnections);
    auto json = bench::summary("cycle");
    json->set("latency_ms", latency_ms);
    json->set("isolation_comparison", comparison);
    return bench::finish(*json, results, all_met);
  });
}
