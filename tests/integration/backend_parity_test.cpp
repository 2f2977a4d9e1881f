// One truth on both backends: the same Azure and Graph answers, synced by
// `govsync run` (the real binary and plugins, the emulator over HTTP) into
// SQLite and into PostgreSQL, store the same values, timestamps included;
// and with [log] format = json every line govsync writes to stderr is JSON.
#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Statement.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>
#include <sstream>

#include "backend_param.hpp"
#include "db/schema_catalog.hpp"
#include "test_paths.hpp"

namespace govsync::test {
namespace {

using Poco::Data::Keywords::now;

constexpr const char* kScenario = R"({"seed": 21, "tenants": [{
    "directory_id": "00000000-0000-0000-0000-000000000001", "client_id": "11111111-1111-1111-1111-111111111111",
    "client_secret": "not-a-real-secret-1", "subscriptions": 2, "policy_states_per_subscription": 12,
    "resources_per_subscription": 9, "cost_days": 4, "cost_groups": 2, "users": 14, "guests": 3,
    "directory_roles": 2, "members_per_role": 2, "page_size": 5, "domains": ["t1.example"],
    "oversized": {"length": 3000, "multibyte": true},
    "dmarc_reports": [")" GOVSYNC_TEST_SOURCE_DIR R"(/tests/dmarc/samples/nice-input.xml.gz"]}]})";

// Tables of govsync itself: their rows record runs (times, ids), not synced data.
const std::set<std::string> kHostTables = {"tenants", "sync_runs", "truncation_audit", "run_claims", "cluster_hosts"};
// Columns that differ between two runs by design: the run's id and the moment it ran.
const std::set<std::string> kPerRunColumns = {"sync_run_id", "captured_at"};

std::filesystem::path plugin_folder(const TempDir& dir) {
  const auto plugins = dir / "plugins";
  std::filesystem::create_directories(plugins);
  for (const char* name : {"compliance.so", "costs.so", "dmarc.so", "identity.so", "resources.so"})
    std::filesystem::copy_file(std::filesystem::path(GOVSYNC_TEST_PLUGIN_BUILD_DIR) / name, plugins / name);
  return plugins;
}

std::filesystem::path config_for(const TempDir& dir, const TestDatabase& db, const EmulatorProcess& emulator,
                                 const std::string& extra = "") {
  const auto& base = emulator.base_url();
  return write_config(dir, db.url(), plugin_folder(dir), 1,
                      "[azure]\nauthority = " + base + "\nmanagement = " + base + "\ngraph = " + base +
                          "\nmax_retry_time = 2s\n[log]\nformat = json\nlevel = debug\n"
                          "[domain.compliance]\nenabled = true\n[domain.costs]\nenabled = true\n"
                          "[domain.identity]\nenabled = true\n[domain.resources]\nenabled = true\n"
                          "[domain.dmarc]\nenabled = true\nmailbox = dmarc@{tenant}.example\ncheck_dns = false\n" +
                          extra);
}

// A stored value as text, after normalising only how the backend represents
// its own types: NULL, integers and floating point numbers (SQLite keeps a
// NUMERIC that is whole as an integer), text as stored.
std::string normalised(const Poco::Dynamic::Var& value) {
  if (value.isEmpty()) return "NULL";
  if (value.isNumeric() && !value.isString()) {
    if (value.isInteger()) return std::to_string(value.convert<std::int64_t>());
    const auto number = value.convert<double>();
    if (std::floor(number) == number && std::fabs(number) < 1e15)
      return std::to_string(static_cast<std::int64_t>(number));
    char text[40];
    std::snprintf(text, sizeof text, "%.15g", number);
    return text;
  }
  return value.convert<std::string>();
}

// The SQL that reads one column: PostgreSQL's timestamps as UTC text with
// microseconds (the form govsync stores on SQLite), booleans as 0 and 1.
std::string column_sql(const std::string& column, const std::string& pg_type, Backend backend) {
  const auto quoted = "\"" + column + "\"";
  const bool timestamp = pg_type.rfind("timestamp", 0) == 0;
  // Poco's SQLite reader knows no TIMESTAMPTZ declaration: the stored text, as text.
  if (backend == Backend::sqlite) return timestamp ? "CAST(" + quoted + " AS TEXT)" : quoted;
  if (timestamp) return "to_char(" + quoted + " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')";
  if (pg_type == "boolean") return "CASE WHEN " + quoted + " THEN 1 WHEN NOT " + quoted + " THEN 0 END";
  if (pg_type == "numeric") return quoted + "::float8";
  return quoted;
}

using Table = std::vector<std::vector<std::string>>;

Table read_table(TestDatabase& db, Backend backend, const std::string& table,
                 const std::vector<std::pair<std::string, std::string>>& columns) {
  std::string sql = "SELECT ";
  for (std::size_t i = 0; i < columns.size(); ++i)
    sql += (i ? ", " : "") + column_sql(columns[i].first, columns[i].second, backend);
  sql += " FROM \"" + table + "\"";
  auto lease = db.db().lease();
  Poco::Data::Statement select(lease.session());
  select << sql, now;
  Poco::Data::RecordSet rows(select);
  Table result;
  for (std::size_t r = 0; r < rows.rowCount(); ++r) {
    std::vector<std::string> row;
    for (std::size_t c = 0; c < columns.size(); ++c) row.push_back(normalised(rows.value(c, r)));
    result.push_back(std::move(row));
  }
  std::sort(result.begin(), result.end());
  return result;
}

// The synced tables and their compared columns, with PostgreSQL's type of each.
std::map<std::string, std::vector<std::pair<std::string, std::string>>> synced_columns(TestDatabase& postgres) {
  auto lease = postgres.db().lease();
  Poco::Data::Statement select(lease.session());
  select << "SELECT table_name::text, column_name::text, data_type::text FROM information_schema.columns "
            "WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position",
      now;
  Poco::Data::RecordSet rows(select);
  std::map<std::string, std::vector<std::pair<std::string, std::string>>> tables;
  for (std::size_t r = 0; r < rows.rowCount(); ++r) {
    const auto table = rows.value(0, r).convert<std::string>();
    const auto column = rows.value(1, r).convert<std::string>();
    if (kHostTables.count(table) != 0 || kPerRunColumns.count(column) != 0) continue;
    tables[table].emplace_back(column, rows.value(2, r).convert<std::string>());
  }
  for (auto it = tables.begin(); it != tables.end();) {
    const bool per_tenant = std::any_of(it->second.begin(), it->second.end(),
                                        [](const auto& column) { return column.first == "tenant_id"; });
    it = per_tenant ? std::next(it) : tables.erase(it);
  }
  return tables;
}

TEST(BackendParity, TheSameAnswersStoreTheSameValuesOnBothBackends) {
  EmulatorProcess emulator(kScenario);
  TestDatabase sqlite(Backend::sqlite);
  TestDatabase postgres(Backend::postgresql);
  TempDir sqlite_dir;
  TempDir postgres_dir;
  for (auto [db, dir] : {std::pair{&sqlite, &sqlite_dir}, std::pair{&postgres, &postgres_dir}}) {
    const auto run = run_govsync({"run", "--config", config_for(*dir, *db, emulator).string()});
    ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  }
  const auto tables = synced_columns(postgres);
  ASSERT_GE(tables.size(), 10U) << "the plugin tables are missing";
  std::size_t compared_rows = 0;
  std::size_t compared_timestamps = 0;
  for (const auto& [table, columns] : tables) {
    SCOPED_TRACE(table);
    const auto in_sqlite = read_table(sqlite, Backend::sqlite, table, columns);
    const auto in_postgres = read_table(postgres, Backend::postgresql, table, columns);
    ASSERT_EQ(in_sqlite.size(), in_postgres.size());
    for (std::size_t r = 0; r < in_sqlite.size(); ++r) {
      for (std::size_t c = 0; c < columns.size(); ++c) {
        ASSERT_EQ(in_sqlite[r][c], in_postgres[r][c]) << table << "." << columns[c].first << ", row " << r;
        const bool timestamp = columns[c].second.rfind("timestamp", 0) == 0;
        if (timestamp && in_sqlite[r][c] != "NULL") ++compared_timestamps;
      }
    }
    compared_rows += in_sqlite.size();
  }
  EXPECT_GT(compared_rows, 100U);
  EXPECT_GT(compared_timestamps, 60U) << "too few timestamps compared for the test to mean anything";
  // The emulator spells its times three ways (Z, seven digits, +00:00): SQLite holds one form only.
  EXPECT_EQ(sqlite.count("SELECT COUNT(*) FROM resources WHERE created_time NOT GLOB "
                         "'[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9]"
                         "[0-9][0-9][0-9]Z'"),
            0);
}

// Every non-empty line of `err` is a JSON object; `what` names the command.
void expect_json_lines(const std::string& what, const std::string& err) {
  std::istringstream lines(err);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.empty()) continue;
    try {
      const auto parsed = Poco::JSON::Parser().parse(line);
      EXPECT_TRUE(parsed.type() == typeid(Poco::JSON::Object::Ptr)) << what << ": " << line;
    } catch (const Poco::Exception& e) {
      ADD_FAILURE() << what << " wrote a line that is not JSON: " << line;
    }
  }
}

using JsonLogs = OnEachBackend;

TEST_P(JsonLogs, EveryStderrLineOfEveryCommandIsJson) {
  EmulatorProcess emulator(kScenario);
  TestDatabase db(GetParam());
  TempDir dir;
  const auto config = config_for(dir, db, emulator).string();
  std::string all_err;
  const std::vector<std::pair<std::vector<std::string>, int>> commands = {
      {{"migrate", "--config", config}, 0}, {{"migrate", "--config", config}, 0},
      {{"run", "--config", config}, 0},     {{"run", "--config", config, "--domain", "no-such-domain"}, 64},
      {{"status", "--config", config}, 0},  {check_config_command(config), 0}};
  for (const auto& [args, exit_code] : commands) {
    const auto result = run_govsync(args);
    EXPECT_EQ(result.exit_code, exit_code) << args[0] << ": " << result.err;
    expect_json_lines(args[0], result.err);
    all_err += result.err;
  }
  EXPECT_NE(all_err.find("no enabled domain named 'no-such-domain'"), std::string::npos) << all_err;
  // A configuration refused for a mistake elsewhere is still reported in the format it asks for.
  TempDir bad_dir;
  const auto bad = config_for(bad_dir, db, emulator, "[scheduler]\nconcurrency = many\n");
  const auto refused = run_govsync(check_config_command(bad.string()));
  EXPECT_EQ(refused.exit_code, 78) << refused.err;
  EXPECT_NE(refused.err.find("concurrency"), std::string::npos) << refused.err;
  expect_json_lines("check-config of a bad file", refused.err);

  DaemonProcess serve(config, dir / "serve.log");
  ASSERT_TRUE(
      eventually([&] { return serve.log().find("govsync serving as") != std::string::npos; }, std::chrono::seconds(30)))
      << serve.log();
  serve.signal(SIGTERM);
  ASSERT_TRUE(serve.wait_exit(std::chrono::seconds(30)).has_value());
  expect_json_lines("serve", serve.log());
  if (GetParam() == Backend::postgresql) {
    // The server's notice about the ledger table that exists: in the log, as JSON.
    EXPECT_NE(all_err.find("already exists, skipping"), std::string::npos) << all_err;
  }
}

// A plugin's own prints (stdout and stderr of its worker process) reach
// stderr as log lines too, and nothing breaks the run's table on stdout.
TEST_P(JsonLogs, APluginsOwnPrintsAreLoggedAsJsonLines) {
  TestDatabase db(GetParam());
  TempDir dir;
  const auto config = write_config(dir, db.url(), plugin_dir_with(dir, {"fixture_policy.so"}), 1,
                                   "[log]\nformat = json\n[domain.fixture_policy]\nenabled = true\n"
                                   "print = a plugin's own words\n");
  const auto run = run_govsync({"run", "--config", config.string()});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  expect_json_lines("run", run.err);
  for (const char* stream : {"(stdout)", "(stderr)"}) {
    EXPECT_NE(run.err.find(std::string("wrote: a plugin's own words ") + stream), std::string::npos) << run.err;
  }
  EXPECT_EQ(run.out.find("a plugin's own words"), std::string::npos) << "a plugin wrote into the run table";
}

GOVSYNC_ON_EACH_BACKEND(JsonLogs);

}  // namespace
}  // namespace govsync::test
