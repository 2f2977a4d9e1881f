// Ingest: rows per second through the real path (the fixture_policy plugin's
// writer -> truncator -> the run's own transaction -> the database, in the
// govsync binary) beside a raw baseline run in the same process on the same
// schema: SQLite, one prepared INSERT in one transaction through the C API;
// PostgreSQL, one COPY through libpq. Also the binary's peak RSS at a tenth of
// the rows and at all of them: it must not grow with rows per tenant.
//
// The real path runs with plugins in worker processes (isolation = process,
// the default) and in the daemon's own threads (thread): process mode must
// keep at least 90% of thread mode's rate.
//
// usage: ingest_bench [ROWS_PER_TENANT] [sqlite|postgresql] [thread,process]
//        (default 100000, both backends, both modes; GOVSYNC_TEST_POSTGRES for PostgreSQL)
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "bench_process.hpp"
#include "bench_report.hpp"
#include "bench_setup.hpp"
#include "ingest_rows.hpp"

namespace {

using namespace govsync;
using test::Backend;

constexpr double kTargetRatio = 0.5;
constexpr double kTargetProcessToThread = 0.9;
// Peak RSS may differ by this much between a tenth of the rows and all of them
// (allocator noise); a writer that kept rows would grow by tens of MiB.
constexpr long kRssToleranceKib = 8 * 1024;

struct RealRun {
  double rows_per_second = 0;
  double process_seconds = 0;
  long peak_rss_kib = 0;
};

// Syncs `tenants` tenants of `rows` rows through `govsync run`; the rate is
// over the runs' own span in the ledger (process start and migrations excluded).
RealRun real_path(Backend backend, int tenants, long rows, const std::string& isolation = "process") {
  test::TempDir dir;
  test::TestDatabase db(backend);
  const auto plugins = bench::fixture_plugins(dir, {"fixture_policy.so"});
  const auto config =
      bench::write_bench_config(dir, db.url(), tenants + 2, plugins, tenants, "",
                                "[scheduler]\nconcurrency = " + std::to_string(tenants) +
                                    "\n[domain.fixture_policy]\nenabled = true\nrows = " + std::to_string(rows) + "\n",
                                isolation);
  const auto finished = bench::run_govsync_measured({"run", "--config", config.string()}, dir / "run.log");
  if (finished.exit_code != 0) throw std::runtime_error("govsync run failed: " + test::read_file(dir / "run.log"));
  const auto stored = db.count("SELECT COUNT(*) FROM policy_states");
  if (stored != tenants * rows)
    throw std::runtime_error("expected " + std::to_string(tenants * rows) + " rows, found " + std::to_string(stored));
  const double span = bench::ledger_span_seconds(db, "domain = 'fixture_policy'");
  return {static_cast<double>(tenants * rows) / span, finished.seconds, finished.peak_rss_kib};
}

// A freshly migrated database of its own for a raw baseline; returns its connection text or path.
struct RawDatabase {
  test::TempDir dir;
  test::TestDatabase db;
  explicit RawDatabase(Backend backend) : db(backend) {
    const auto config = bench::write_bench_config(dir, db.url(), 2, bench::fixture_plugins(dir, {}), 0, "", "");
    const auto migrated = bench::run_govsync_measured({"migrate", "--config", config.string()}, dir / "migrate.log");
    if (migrated.exit_code != 0)
      throw std::runtime_error("govsync migrate failed: " + test::read_file(dir / "migrate.log"));
  }
  std::string where() const { return bench::conninfo_of(db.url()); }
};

double raw_baseline(Backend backend, int tenants, long rows) {
  const RawDatabase raw(backend);
  return backend == Backend::sqlite ? bench::raw_sqlite_rows_per_second(raw.where(), tenants, rows)
                                    : bench::raw_postgres_rows_per_second(raw.where(), tenants, rows);
}

// For PostgreSQL and more than one tenant, also: one COPY per tenant at once,
// as the runs write. It shows what the server itself loses to concurrent
// writers of one table on this machine. (SQLite has one writer at a time.)
double raw_concurrent_baseline(Backend backend, int tenants, long rows) {
  if (backend != Backend::postgresql || tenants == 1) return 0;
  const RawDatabase raw(backend);
  return bench::raw_postgres_concurrent_rows_per_second(raw.where(), tenants, rows);
}

}  // namespace

int main(int argc, char** argv) {
  return bench::guarded("ingest_bench", [&] {
    const long rows = argc > 1 ? std::stol(argv[1]) : 100000;
    const std::string only = argc > 2 ? argv[2] : "";
    const auto isolations = bench::isolation_modes(argc > 3 ? argv[3] : "thread,process");
    std::vector<Backend> backends;
    if (only.empty() || only == "sqlite") backends.push_back(Backend::sqlite);
    if ((only.empty() || only == "postgresql") && bench::postgres_available()) backends.push_back(Backend::postgresql);

    std::vector<std::vector<std::string>> table;
    Poco::JSON::Array::Ptr results = new Poco::JSON::Array;
    std::vector<std::vector<std::string>> modes;
    Poco::JSON::Array::Ptr comparison = new Poco::JSON::Array;
    bool all_met = true;
    for (const auto backend : backends) {
      for (const int tenants : {1, 8}) {
        std::map<std::string, double> rate_by_mode;
        for (const auto& isolation : isolations) {
          // The baseline before and after the real path: the machine's mood is in both.
          const double raw_before = raw_baseline(backend, tenants, rows);
          const auto real = real_path(backend, tenants, rows, isolation);
          const double raw_after = raw_baseline(backend, tenants, rows);
          const double raw = (raw_before + raw_after) / 2;
          const double raw_concurrent = raw_concurrent_baseline(backend, tenants, rows);
          const double ratio = real.rows_per_second / raw;
          rate_by_mode[isolation] = ratio;
          const bool met = ratio >= kTargetRatio;
          all_met = all_met && met;
          table.push_back({test::backend_name(backend), isolation, std::to_string(tenants), std::to_string(rows),
                           bench::fixed(real.rows_per_second, 0), bench::fixed(raw, 0), bench::fixed(ratio, 2),
                           raw_concurrent > 0 ? bench::fixed(raw_concurrent, 0) : "-",
                           raw_concurrent > 0 ? bench::fixed(real.rows_per_second / raw_concurrent, 2) : "-",
                           bench::fixed(real.process_seconds, 2), bench::fixed(real.peak_rss_kib / 1024.0, 1),
                           bench::verdict(met)});
          auto entry = bench::ordered_object();
          entry->set("backend", test::backend_name(backend));
          entry->set("isolation", isolation);
          entry->set("tenants", tenants);
          entry->set("rows_per_tenant", rows);
          entry->set("real_rows_per_s", real.rows_per_second);
          entry->set("raw_rows_per_s", raw);
          entry->set("raw_rows_per_s_before", raw_before);
          entry->set("raw_rows_per_s_after", raw_after);
          entry->set("ratio", ratio);
          if (raw_concurrent > 0) {
            entry->set("raw_concurrent_rows_per_s", raw_concurrent);
            entry->set("ratio_to_concurrent", real.rows_per_second / raw_concurrent);
          }
          entry->set("process_s", real.process_seconds);
          entry->set("peak_rss_kib", real.peak_rss_kib);
          entry->set("target_met", met);
          results->add(entry);
        }
        // Each mode against its own baselines, so the machine's mood between them cancels out.
        if (rate_by_mode.contains("thread") && rate_by_mode.contains("process")) {
          const double share = rate_by_mode["process"] / rate_by_mode["thread"];
          const bool met = share >= kTargetProcessToThread;
          all_met = all_met && met;
          modes.push_back({test::backend_name(backend), std::to_string(tenants),
                           bench::fixed(rate_by_mode["thread"], 2), bench::fixed(rate_by_mode["process"], 2),
                           bench::fixed(share, 2), bench::verdict(met)});
          auto entry = bench::ordered_object();
          entry->set("backend", test::backend_name(backend));
          entry->set("tenants", tenants);
          entry->set("process_to_thread", share);
          entry->set("target_met", met);
          comparison->add(entry);
        }
      }
    }
    bench::print_table("ingest: real path (govsync run, fixture_policy) vs raw baseline in the same run",
                       {"backend", "isolation", "tenants", "rows/tenant", "real rows/s", "raw rows/s", "ratio",
                        "raw concurrent rows/s", "ratio to concurrent", "run s", "peak RSS MiB", "target >= 0.50"},
                       table);
    if (!modes.empty()) {
      bench::print_table("ingest: worker processes against the daemon's threads (each rate over its own baseline)",
                         {"backend", "tenants", "thread ratio", "process ratio", "process/thread", "target >= 0.90"},
                         modes);
    }

    // Memory against rows per tenant: one tenant, a tenth of the rows, then all.
    std::vector<std::vector<std::string>> memory;
    Poco::JSON::Array::Ptr rss = new Poco::JSON::Array;
    for (const auto backend : backends) {
      const auto small = real_path(backend, 1, rows / 10);
      const auto large = real_path(backend, 1, rows);
      const long growth = large.peak_rss_kib - small.peak_rss_kib;
      const bool met = growth <= kRssToleranceKib;
      all_met = all_met && met;
      memory.push_back({test::backend_name(backend), bench::fixed(small.peak_rss_kib / 1024.0, 1),
                        bench::fixed(large.peak_rss_kib / 1024.0, 1), bench::fixed(growth / 1024.0, 1),
                        bench::verdict(met)});
      auto entry = bench::ordered_object();
      entry->set("backend", test::backend_name(backend));
      entry->set("rows_small", rows / 10);
      entry->set("peak_rss_kib_small", small.peak_rss_kib);
      entry->set("rows_large", rows);
      entry->set("peak_rss_kib_large", large.peak_rss_kib);
      entry->set("growth_kib", growth);
      entry->set("target_met", met);
      rss->add(entry);
    }
    bench::print_table("ingest: peak RSS of govsync run, one tenant",
                       {"backend", "RSS MiB @" + std::to_string(rows / 10), "RSS MiB @" + std::to_string(rows),
                        "growth MiB", "target <= 8 MiB"},
                       memory);

    auto json = bench::summary("ingest");
    json->set("rss", rss);
    json->set("isolation_comparison", comparison);
    return bench::finish(*json, results, all_met);
  });
}
