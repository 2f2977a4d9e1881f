#pragma once
// Configurations, emulator scenarios and databases for the benchmarks.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "test_support.hpp"

namespace govsync::bench {

/// The directory (tenant) id of benchmark tenant n (from 1).
std::string tenant_directory_id(int n);

/// An emulator scenario with `tenants` tenants, each with one subscription,
/// the default amounts of data, every listing on one page, and `latency_ms`
/// added to every API request. `extra_fields` (JSON members, may be empty) is
/// added to every tenant.
std::string emulator_scenario(int tenants, int latency_ms, const std::string& extra_fields = "");

/// A plugins folder in `dir` with the five bundled domain plugins.
std::filesystem::path bundled_plugins(const test::TempDir& dir);

/// A plugins folder in `dir` with fixture plugins (file names).
std::filesystem::path fixture_plugins(const test::TempDir& dir, const std::vector<std::string>& files);

/// [domain.*] sections enabling the five bundled domains (DMARC without DNS
/// lookups), `each` (keys, may be empty) added to every section.
std::string bundled_domains_config(const std::string& each = "");

/// Writes dir/govsync.ini: [database] url and pool_size, [plugins] (with its
/// isolation: process or thread), the migrations, tenants bench1..benchN
/// (pointed at `emulator_url` when it is not empty), then `extra`. Returns the file.
std::filesystem::path write_bench_config(const test::TempDir& dir, const std::string& database_url, int pool_size,
                                         const std::filesystem::path& plugins, int tenants,
                                         const std::string& emulator_url, const std::string& extra,
                                         const std::string& isolation = "process");

/// "thread,process" -> both isolation modes, for the benchmarks that compare them.
std::vector<std::string> isolation_modes(const std::string& list);

/// Seconds from the first run's start to the last run's end in sync_runs (the
/// database's clock), over the runs matching `where` (SQL, may be "1=1").
double ledger_span_seconds(test::TestDatabase& db, const std::string& where);

/// The libpq conninfo of a PostgreSQL TestDatabase url ("postgresql:..." without the prefix).
std::string conninfo_of(const std::string& url);

/// The numbers of a comma-separated list (a benchmark's argument).
std::vector<int> numbers(const std::string& list);

/// True when GOVSYNC_TEST_POSTGRES names a server.
bool postgres_available();

}  // namespace govsync::bench
