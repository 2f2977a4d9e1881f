// The command-line contract: versions, help, exit codes, run selection, migrate.
#include <Poco/JSON/Parser.h>

#include <sstream>

#include "backend_param.hpp"
#include "test_paths.hpp"

namespace govsync::test {
namespace {

TEST(Cli, PrintsVersionsAndHelp) {
  const auto version = run_govsync({"--version"});
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_NE(version.out.find("govsync 0.1.0 (plugin SDK 1.3.0)"), std::string::npos) << version.out;
  const auto help = run_govsync({"--help"});
  EXPECT_EQ(help.exit_code, 0);
  for (const char* command : {"run", "plugins", "migrate", "check-config"}) {
    EXPECT_NE(help.out.find(command), std::string::npos) << command;
    const auto command_help = run_govsync({command, "--help"});
    EXPECT_EQ(command_help.exit_code, 0) << command;
    EXPECT_NE(command_help.out.find(std::string("usage: govsync ") + command), std::string::npos) << command_help.out;
  }
}

TEST(Cli, UsageErrorsExit64) {
  EXPECT_EQ(run_govsync({}).exit_code, 64);
  const auto unknown = run_govsync({"frobnicate"});
  EXPECT_EQ(unknown.exit_code, 64);
  EXPECT_NE(unknown.err.find("unknown command 'frobnicate'"), std::string::npos);
  const auto bad_option = run_govsync({"run", "--tenants", "x"});
  EXPECT_EQ(bad_option.exit_code, 64);
  EXPECT_NE(bad_option.err.find("unknown option --tenants"), std::string::npos);
}

TEST(Cli, AMissingConfigFileIsAConfigError) {
  const auto result = run_govsync(check_config_command("/nonexistent/govsync.ini"));
  EXPECT_EQ(result.exit_code, 78);
  EXPECT_NE(result.err.find("/nonexistent/govsync.ini"), std::string::npos);
}

using CliOnBackend = OnEachBackend;

TEST_P(CliOnBackend, RunSelectsDomainsAndTenants) {
  TestDatabase db(GetParam());
  TempDir dir;
  const auto config =
      write_config(dir, db.url(), plugin_dir_with(dir, {"fixture_policy.so", "fixture_counter.so"}), 3,
                   "[domain.fixture_policy]\nenabled = true\n[domain.fixture_counter]\nenabled = true\n");
  const auto one = run_govsync({"run", "--config", config.string(), "--domain", "fixture_counter", "--tenant", "t2"});
  EXPECT_EQ(one.exit_code, 0) << one.err;
  EXPECT_NE(one.out.find("1 runs: 1 succeeded, 0 failed"), std::string::npos) << one.out;
  EXPECT_NE(one.out.find("DOMAIN"), std::string::npos);
  EXPECT_EQ(db.count("SELECT COUNT(*) FROM sync_runs"), 1);
  EXPECT_EQ(db.count("SELECT COUNT(*) FROM resources WHERE tenant_id = 't2'"), 2);
  EXPECT_EQ(db.count("SELECT COUNT(*) FROM tenants"), 3);

  const auto all = run_govsync({"run", "--config", config.string()});
  EXPECT_EQ(all.exit_code, 0) << all.err;
  EXPECT_NE(all.out.find("6 runs: 6 succeeded, 0 failed"), std::string::npos) << all.out;

  const auto unknown = run_govsync({"run", "--config", config.string(), "--tenant", "t9"});
  EXPECT_EQ(unknown.exit_code, 64);
  EXPECT_NE(unknown.err.find("no enabled tenant named 't9' (enabled: t1, t2, t3)"), std::string::npos) << unknown.err;
}

TEST_P(CliOnBackend, MigrateAppliesInOrderAndCanStopAtAVersion) {
  TestDatabase db(GetParam());
  TempDir dir;
  const auto config = write_config(dir, db.url(), plugin_dir_with(dir, {}), 0, "");
  const auto to8 = run_govsync({"migrate", "--config", config.string(), "--to", "8"});
  EXPECT_EQ(to8.exit_code, 0) << to8.err;
  EXPECT_NE(to8.out.find("applied 001_tenants"), std::string::npos);
  EXPECT_NE(to8.out.find("schema at version 8"), std::string::npos) << to8.out;
  const auto rest = run_govsync({"migrate", "--config", config.string()});
  EXPECT_EQ(rest.exit_code, 0) << rest.err;
  EXPECT_NE(rest.out.find("applied 009_widen_policy_name"), std::string::npos);
  EXPECT_NE(rest.out.find("applied 010_cluster"), std::string::npos);
  EXPECT_NE(rest.out.find("schema at version 16 (8 applied now)"), std::string::npos) << rest.out;
}

TEST(Cli, AnUnreachableDatabaseIsReportedWithoutItsPassword) {
  // Both forms libpq takes: key=value and a URI with the password in its user information.
  for (const std::string url : {"postgresql:host=127.0.0.1 port=1 dbname=x password=hunter2 connect_timeout=2",
                                "postgresql:postgresql://govsync:hunter2@127.0.0.1:1/x?connect_timeout=2"}) {
    TempDir dir;
    const auto config = write_config(dir, url, plugin_dir_with(dir, {}), 0, "");
    const auto result = run_govsync({"migrate", "--config", config.string()});
    EXPECT_EQ(result.exit_code, 69) << result.err;
    EXPECT_NE(result.err.find("cannot use the database"), std::string::npos) << result.err;
    EXPECT_EQ(result.err.find("hunter2"), std::string::npos) << result.err;
  }
}

TEST(Cli, JsonLogLinesParseAndCarryTheRun) {
  TempDir dir;
  const auto config =
      write_config(dir, "sqlite:" + (dir / "db.sqlite").string(), plugin_dir_with(dir, {"fixture_policy.so"}), 3,
                   "[log]\nformat = json\nlevel = info\n[domain.fixture_policy]\nenabled = true\n"
                   "oversize_tenants = t2\nthrow_tenants = t3\n");
  const auto result = run_govsync({"run", "--config", config.string()});
  EXPECT_EQ(result.exit_code, 1) << result.err;
  std::istringstream lines(result.err);
  std::string line;
  std::size_t parsed = 0;
  std::size_t with_run = 0;
  bool truncation_logged = false;
  while (std::getline(lines, line)) {
    const auto json = Poco::JSON::Parser().parse(line).extract<Poco::JSON::Object::Ptr>();  // throws if not JSON
    ++parsed;
    EXPECT_EQ(line.find("not-a-real-secret"), std::string::npos) << line;
    if (json->has("run_id")) {
      ++with_run;
      EXPECT_EQ(json->getValue<std::string>("domain"), "fixture_policy");
      EXPECT_FALSE(json->getValue<std::string>("tenant").empty());
      EXPECT_GT(json->getValue<int>("run_id"), 0);
    }
    if (json->getValue<std::string>("msg").find("value truncated") != std::string::npos) {
      truncation_logged = true;
      EXPECT_EQ(json->getValue<std::string>("tenant"), "t2");
      EXPECT_EQ(json->getValue<std::string>("level"), "warning");
    }
  }
  EXPECT_GE(parsed, 6U);
  EXPECT_GE(with_run, 6U);  // started and ended, for each of three runs
  EXPECT_TRUE(truncation_logged);
}

TEST(Cli, RunPrintsALinePerRunStartAndEndWhenNotOnATerminal) {
  TempDir dir;
  const auto config =
      write_config(dir, "sqlite:" + (dir / "db.sqlite").string(), plugin_dir_with(dir, {"fixture_policy.so"}), 2,
                   "[domain.fixture_policy]\nenabled = true\nrows = 4\nthrow_tenants = t2\n");
  const auto result = run_govsync({"run", "--config", config.string()});
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_NE(result.out.find("started  fixture_policy/t1 (run "), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("finished fixture_policy/t2 (run "), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("): failed, 0 rows in "), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("): succeeded, 4 rows in "), std::string::npos) << result.out;
  EXPECT_EQ(result.out.find('\033'), std::string::npos) << "no terminal codes when not on a terminal";
  EXPECT_LT(result.out.find("finished"), result.out.find("DOMAIN")) << "the table comes last";
}

TEST(Cli, RunShowsALiveViewOnATerminal) {
  TempDir dir;
  const auto config = write_config(
      dir, "sqlite:" + (dir / "db.sqlite").string(), plugin_dir_with(dir, {"fixture_policy.so"}), 2,
      "[scheduler]\nconcurrency = 1\n[domain.fixture_policy]\nenabled = true\nrows = 3\nsleep_ms = 1200\n");
  // script(1) gives govsync a pseudo-terminal on stdout and stderr.
  const auto command = std::string(GOVSYNC_TEST_BINARY) + " run --config " + config.string();
  const auto result = run_program("/usr/bin/env", {"TERM=xterm", "script", "-qefc", command, "/dev/null"});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_NE(result.out.find("runs done, 1 in progress"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("fixture_policy/t1 (run "), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("\033[1A\033[2K"), std::string::npos) << "the block is redrawn in place";
  EXPECT_NE(result.out.find("2 runs: 2 succeeded, 0 failed"), std::string::npos) << result.out;
  EXPECT_EQ(result.out.find("started  fixture_policy"), std::string::npos) << "no plain lines on a terminal";
}

GOVSYNC_ON_EACH_BACKEND(CliOnBackend);

}  // namespace
}  // namespace govsync::test
