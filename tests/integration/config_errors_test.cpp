// Bad configurations: each is refused by `govsync check-config` with exit code
// 78 and a message naming the file, section and key.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <regex>

#include "test_support.hpp"

namespace govsync::test {
namespace {

struct BadConfig {
  std::string label;
  std::string ini;       // appended to a valid base config
  std::string expected;  // text the error must contain
};

void PrintTo(const BadConfig& config, std::ostream* out) { *out << config.label; }

class ConfigErrors : public ::testing::TestWithParam<BadConfig> {};

std::string base_config(const TempDir& dir) {
  const auto plugins = plugin_dir_with(dir, {"fixture_counter.so"});
  write_file(dir / "secret", "value-that-must-never-be-printed\n");
  return "[database]\nurl = sqlite:" + (dir / "db.sqlite").string() +
         "\nmigrations_dir = " + migrations_dir().string() +
         "\nplugin_migrations_dir = " + (dir / "migrations.d").string() + "\n[plugins]\ndir = " + plugins.string() +
         "\n[domain.fixture_counter]\nenabled = true\ncount = 2\n";
}

std::string tenant(const TempDir& dir, const std::string& extra) {
  return "[tenant.acme]\ndirectory_id = 00000000-0000-0000-0000-000000000001\n"
         "client_id = 11111111-1111-1111-1111-111111111111\nclient_secret_file = " +
         (dir / "secret").string() + "\n" + extra;
}

TEST(ConfigErrors, TheBaseConfigIsValid) {
  TempDir dir;
  write_file(dir / "govsync.ini", base_config(dir) + tenant(dir, ""));
  const auto result = run_govsync(check_config_command((dir / "govsync.ini").string()));
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("configuration OK"), std::string::npos);
  EXPECT_NE(result.out.find("fixture_counter"), std::string::npos);
}

// `: > govsync.ini` was once accepted as "0 tenants" and stopped all syncing.
TEST(ConfigErrors, AFileWithNoSettingsIsRefusedAndOneWithNoTenantWarnsItIsIdle) {
  TempDir dir;
  for (const std::string empty : {"", "# only comments\n; and nothing else\n", "[scheduler]\n"}) {
    write_file(dir / "govsync.ini", empty);
    const auto result = run_govsync(check_config_command((dir / "govsync.ini").string()));
    EXPECT_EQ(result.exit_code, 78) << empty << result.out << result.err;
    EXPECT_NE(result.err.find("govsync.ini: has no settings at all"), std::string::npos) << result.err;
  }
  write_file(dir / "govsync.ini", base_config(dir));
  const auto idle = run_govsync(check_config_command((dir / "govsync.ini").string()));
  EXPECT_EQ(idle.exit_code, 0) << idle.err;
  EXPECT_NE(idle.err.find("no [tenant.NAME] section: govsync starts idle"), std::string::npos) << idle.err;
}

TEST_P(ConfigErrors, AreRefusedWithExit78AndNameTheKey) {
  TempDir dir;
  std::string ini = GetParam().ini;
  const std::string marker = "@SECRET@";
  if (auto at = ini.find(marker); at != std::string::npos) ini.replace(at, marker.size(), (dir / "secret").string());
  // The bad part comes in a drop-in, as an operator's local change would.
  const auto file = dir / "govsync.ini";
  write_file(file, base_config(dir));
  write_file(dir / "conf.d" / "50-local.ini", ini);
  const auto result = run_govsync(check_config_command(file.string()));
  EXPECT_EQ(result.exit_code, 78) << result.out << result.err;
  EXPECT_NE(result.err.find(GetParam().expected), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("50-local.ini"), std::string::npos) << result.err;
  // Every error that comes from a line names it: FILE:LINE.
  EXPECT_TRUE(std::regex_search(result.err, std::regex(R"(50-local\.ini:[0-9]+)"))) << result.err;
  EXPECT_EQ(result.err.find("value-that-must-never-be-printed"), std::string::npos);
  EXPECT_EQ(result.out.find("value-that-must-never-be-printed"), std::string::npos);
}

const std::string kTenantHead = "[tenant.acme]\ndirectory_id = 00000000-0000-0000-0000-000000000001\n";

INSTANTIATE_TEST_SUITE_P(
    EveryKind, ConfigErrors,
    ::testing::Values(
        // Named at the header's line, with or without keys under it.
        BadConfig{"unknown_section", "[databse]\nurl = sqlite:/tmp/x\n", "50-local.ini:1: [databse]: unknown section"},
        BadConfig{"unknown_section_without_keys", "[scheduler]\nconcurrency = 2\n\n[admn]\n",
                  "50-local.ini:4: [admn]: unknown section"},
        BadConfig{"unknown_key", "[scheduler]\nconcurency = 4\n", "[scheduler] concurency: unknown key"},
        BadConfig{"bad_duration", "[scheduler]\nheartbeat = 10 minutes\n",
                  "[scheduler] heartbeat: '10 minutes' is not a duration"},
        BadConfig{"zero_duration", "[scheduler]\nghost_after = 0s\n",
                  "[scheduler] ghost_after: must be longer than 0s"},
        BadConfig{"ghost_after_within_three_heartbeats", "[scheduler]\nheartbeat = 1m\nghost_after = 2m\n",
                  "[scheduler] ghost_after: ghost_after (2m) must be at least 3 x heartbeat (1m)"},
        BadConfig{"duration_beyond_ten_years", "[scheduler]\nshutdown_grace = 3651d\n",
                  "[scheduler] shutdown_grace: '3651d' is not a duration of at most 3650d"},
        BadConfig{"retry_beyond_ten_years", "[scheduler]\nretry = 1m, 106000000000000d\n",
                  "[scheduler] retry: '106000000000000d' is not a duration above 0s and at most 3650d"},
        BadConfig{"out_of_range", "[scheduler]\nconcurrency = 0\n",
                  "[scheduler] concurrency: '0' is not a whole number"},
        BadConfig{"bad_database_url", "[database]\nurl = mysql://db\n",
                  "[database] url: must be sqlite:PATH or postgresql:CONNINFO"},
        BadConfig{"bad_boolean", "[plugins]\nrequire_safe_permissions = maybe\n",
                  "[plugins] require_safe_permissions: 'maybe' is not a boolean"},
        BadConfig{"tenant_without_credentials", kTenantHead, "[tenant.acme] client_id: the tenant has no credentials"},
        BadConfig{"tenant_without_secret", kTenantHead + "client_id = 11111111-1111-1111-1111-111111111111\n",
                  "[tenant.acme] client_secret_file: the tenant has no credentials"},
        BadConfig{"missing_secret_file",
                  kTenantHead +
                      "client_id = 11111111-1111-1111-1111-111111111111\nclient_secret_file = /nonexistent/secret\n",
                  "[tenant.acme] client_secret_file: names no file"},
        BadConfig{"bad_log_format", "[log]\nformat = xml\n", "[log] format: 'xml' is not one of auto, text, json"},
        BadConfig{"duplicate_key", "[scheduler]\nstagger = 1s\nstagger = 2s\n", "[scheduler] stagger is set twice"},
        BadConfig{"inline_comment", "[database]\nmigrations_dir = /usr/share/govsync/migrations # shipped\n",
                  "[database] migrations_dir: looks like it ends in a comment"},
        BadConfig{"subscription_not_a_guid",
                  kTenantHead + "subscriptions = 6f1c4f2e-1111-2222-3333-444455556666, prod-subscription\n",
                  "[tenant.acme] subscriptions: 'prod-subscription' is not a subscription GUID"},
        BadConfig{"delete_fraction_out_of_range", "[domain.fixture_counter]\nmax_delete_fraction = 1.5\n",
                  "[domain.fixture_counter] max_delete_fraction: '1.5' is not a fraction from 0 to 1"},
        BadConfig{"bad_guid", "[tenant.acme]\ndirectory_id = contoso.onmicrosoft.com\n",
                  "[tenant.acme] directory_id: 'contoso.onmicrosoft.com' is not a GUID"},
        BadConfig{"two_credentials",
                  kTenantHead + "client_id = 11111111-1111-1111-1111-111111111111\nclient_secret_file = "
                                "@SECRET@\nmanaged_identity = true\n",
                  "[tenant.acme] managed_identity: choose one credential"},
        BadConfig{"domain_without_plugin", "[domain.nosuchdomain]\nenabled = true\n",
                  "[domain.nosuchdomain] enabled: the domain is enabled but no plugin named 'nosuchdomain' was loaded"},
        BadConfig{"undeclared_plugin_key", "[domain.fixture_counter]\ncolour = blue\n",
                  "[domain.fixture_counter] colour: unknown key; the fixture_counter plugin declares count"},
        BadConfig{"bad_interval", "[domain.fixture_counter]\ninterval = often\n",
                  "[domain.fixture_counter] interval: 'often' is not a duration"}),
    [](const ::testing::TestParamInfo<BadConfig>& param_info) { return param_info.param.label; });

// Run as root, check-config checks as the user the daemon runs as (the service user govsync where it
// exists, or --user NAME): a secret root can read but that user cannot is refused, naming the user.
TEST(CheckConfigAsUser, ASecretTheUserCannotReadIsRefusedNamingTheUser) {
  ASSERT_EQ(::geteuid(), 0U) << "the suite runs as root";
  TempDir dir;
  namespace fs = std::filesystem;
  fs::permissions(dir.path(),
                  fs::perms::others_read | fs::perms::others_exec | fs::perms::group_read | fs::perms::group_exec,
                  fs::perm_options::add);
  const auto file = dir / "govsync.ini";
  write_file(file, base_config(dir) + tenant(dir, ""));
  fs::permissions(dir / "secret", fs::perms::owner_read | fs::perms::owner_write);  // 0600, owned by root
  const auto as_nobody = run_govsync({"check-config", "--config", file.string(), "--user", "nobody"});
  EXPECT_EQ(as_nobody.exit_code, 78) << as_nobody.out << as_nobody.err;
  EXPECT_NE(as_nobody.err.find("client_secret_file"), std::string::npos) << as_nobody.err;
  EXPECT_NE(as_nobody.err.find("cannot be read by user nobody"), std::string::npos) << as_nobody.err;
  EXPECT_EQ(as_nobody.err.find("value-that-must-never-be-printed"), std::string::npos);
  // The same file is fine for root, and for nobody once it may read it.
  EXPECT_EQ(run_govsync({"check-config", "--config", file.string(), "--user", "root"}).exit_code, 0);
  fs::permissions(dir / "secret", fs::perms::others_read, fs::perm_options::add);
  const auto readable = run_govsync({"check-config", "--config", file.string(), "--user", "nobody"});
  // nobody cannot create the SQLite database in root's folder: that is refused too, naming the key.
  EXPECT_EQ(readable.exit_code, 78) << readable.out << readable.err;
  EXPECT_NE(readable.err.find("[database] url: the folder "), std::string::npos) << readable.err;
  EXPECT_NE(readable.err.find("(checked as user nobody)"), std::string::npos) << readable.err;
  EXPECT_EQ(run_govsync({"check-config", "--config", file.string(), "--user", "no-such-user-here"}).exit_code, 64);
}

}  // namespace
}  // namespace govsync::test
