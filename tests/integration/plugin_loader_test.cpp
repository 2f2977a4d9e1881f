// The loader against real fixture libraries: every kind of bad plugin file
// gets its own error, and the good plugins still load and run.
#include "loader/plugin_loader.hpp"

#include <gtest/gtest.h>

#include <govsync/version.hpp>

#include "test_support.hpp"

namespace govsync::test {
namespace {

using host::LoadFailureKind;

const host::LoadFailure* failure_for(const host::PluginInventory& inventory, const std::string& file) {
  for (const auto& f : inventory.failures) {
    if (f.path.filename() == file) return &f;
  }
  return nullptr;
}

TEST(PluginLoader, LoadsAGoodPlugin) {
  TempDir dir;
  const auto inventory = host::load_plugins(plugin_dir_with(dir, {"fixture_counter.so"}), true);
  ASSERT_TRUE(inventory.failures.empty()) << inventory.failures.front().message;
  ASSERT_EQ(inventory.plugins.size(), 1U);
  const auto* plugin = inventory.find("fixture_counter");
  ASSERT_NE(plugin, nullptr);
  EXPECT_EQ(plugin->info.version, "2.1.0");
  EXPECT_EQ(plugin->sdk_version, kSdkVersion);
  EXPECT_EQ(plugin->info.config_keys.at(0).name, "count");
}

// This govsync's SDK, and the minor version after it (what fixture_newer_minor claims).
const std::string kSdk = std::to_string(GOVSYNC_SDK_VERSION_MAJOR) + "." + std::to_string(GOVSYNC_SDK_VERSION_MINOR);
const std::string kNextMinor =
    std::to_string(GOVSYNC_SDK_VERSION_MAJOR) + "." + std::to_string(GOVSYNC_SDK_VERSION_MINOR + 1);

struct BadPlugin {
  std::string file;
  LoadFailureKind kind;
  std::string expected;
};

void PrintTo(const BadPlugin& plugin, std::ostream* out) { *out << plugin.file; }

class BadPlugins : public ::testing::TestWithParam<BadPlugin> {};

TEST_P(BadPlugins, EachGetsItsOwnErrorAndTheGoodOneStillLoads) {
  TempDir dir;
  const auto inventory = host::load_plugins(plugin_dir_with(dir, {GetParam().file, "fixture_counter.so"}), true);
  const auto* failure = failure_for(inventory, GetParam().file);
  ASSERT_NE(failure, nullptr);
  EXPECT_EQ(failure->kind, GetParam().kind);
  EXPECT_NE(failure->message.find(GetParam().expected), std::string::npos) << failure->message;
  EXPECT_EQ(failure->message.find("Bad file descriptor"), std::string::npos) << failure->message;
  EXPECT_NE(inventory.find("fixture_counter"), nullptr);
}

INSTANTIATE_TEST_SUITE_P(EveryKind, BadPlugins,
                         ::testing::Values(BadPlugin{"fixture_not_a_library.so", LoadFailureKind::cannot_open,
                                                     "cannot open as a shared library: "},
                                           BadPlugin{"fixture_missing_export.so", LoadFailureKind::missing_export,
                                                     "missing export govsync_plugin_sdk_version"},
                                           BadPlugin{"fixture_wrong_major.so", LoadFailureKind::incompatible_sdk,
                                                     "built for SDK 2.0, this govsync provides SDK " + kSdk +
                                                         "; upgrade govsync"},
                                           BadPlugin{"fixture_newer_minor.so", LoadFailureKind::incompatible_sdk,
                                                     "needs SDK " + kNextMinor + ", newer than this govsync's SDK " +
                                                         kSdk + "; upgrade govsync"},
                                           BadPlugin{"fixture_factory_throws.so", LoadFailureKind::factory_threw,
                                                     "the plugin's factory threw: fixture: cannot construct"},
                                           BadPlugin{"fixture_unresolved.so", LoadFailureKind::unresolved_symbol,
                                                     "govsync_fixture_symbol_nobody_defines"}),
                         [](const ::testing::TestParamInfo<BadPlugin>& param_info) {
                           std::string name = param_info.param.file.substr(8);
                           return name.substr(0, name.size() - 3);
                         });

TEST(PluginLoader, RefusesADuplicateName) {
  TempDir dir;
  const auto plugins = plugin_dir_with(dir, {"fixture_counter.so"});
  std::filesystem::copy_file(plugins / "fixture_counter.so", plugins / "zz_copy.so");
  const auto inventory = host::load_plugins(plugins, true);
  ASSERT_EQ(inventory.plugins.size(), 1U);
  const auto* failure = failure_for(inventory, "zz_copy.so");
  ASSERT_NE(failure, nullptr);
  EXPECT_EQ(failure->kind, LoadFailureKind::duplicate_name);
  EXPECT_NE(failure->message.find("duplicate plugin name 'fixture_counter', already loaded from"), std::string::npos);
}

TEST(PluginLoader, RefusesFilesOthersCanWrite) {
  TempDir dir;
  const auto plugins = plugin_dir_with(dir, {"fixture_counter.so", "fixture_policy.so"});
  std::filesystem::permissions(plugins / "fixture_counter.so", std::filesystem::perms::others_write,
                               std::filesystem::perm_options::add);
  const auto inventory = host::load_plugins(plugins, true);
  const auto* failure = failure_for(inventory, "fixture_counter.so");
  ASSERT_NE(failure, nullptr);
  EXPECT_EQ(failure->kind, LoadFailureKind::unsafe_permissions);
  EXPECT_NE(failure->message.find("fixture_counter.so is writable by others (mode "), std::string::npos)
      << failure->message;
  EXPECT_NE(inventory.find("fixture_policy"), nullptr);
  // The operator can opt out explicitly.
  EXPECT_NE(host::load_plugins(plugins, false).find("fixture_counter"), nullptr);
}

TEST(PluginLoader, RefusesADirectoryItsGroupCanWrite) {
  TempDir dir;
  const auto plugins = plugin_dir_with(dir, {"fixture_counter.so"});
  std::filesystem::permissions(plugins, std::filesystem::perms::group_write, std::filesystem::perm_options::add);
  const auto inventory = host::load_plugins(plugins, true);
  EXPECT_TRUE(inventory.plugins.empty());
  ASSERT_EQ(inventory.failures.size(), 1U);
  EXPECT_NE(inventory.failures[0].message.find("plugin directory refused: folder " + plugins.string() +
                                               " is writable by group (mode 0775)"),
            std::string::npos)
      << inventory.failures[0].message;
}

TEST(PluginsCommand, ListsGoodAndBadWithReasonsAndTheGoodOnesStillRun) {
  TempDir dir;
  const auto plugins = plugin_dir_with(
      dir, {"fixture_counter.so", "fixture_policy.so", "fixture_not_a_library.so", "fixture_missing_export.so",
            "fixture_wrong_major.so", "fixture_newer_minor.so", "fixture_factory_throws.so", "fixture_unresolved.so"});
  const auto config = write_config(dir, "sqlite:" + (dir / "db.sqlite").string(), plugins, 2,
                                   "[domain.fixture_counter]\nenabled = true\ncount = 4\n");
  const auto listing = run_govsync({"plugins", "--config", config.string()});
  EXPECT_EQ(listing.exit_code, 1) << listing.err;
  for (const char* expected : {"fixture_counter", "2.1.0", "fixture_policy", "loaded", "not loaded (cannot open)",
                               "not loaded (missing export)", "not loaded (incompatible SDK)",
                               "not loaded (factory threw)", "not loaded (unresolved symbol)"}) {
    EXPECT_NE(listing.out.find(expected), std::string::npos) << expected << "\n" << listing.out;
  }
  const auto run = run_govsync({"run", "--config", config.string()});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("2 runs: 2 succeeded, 0 failed"), std::string::npos) << run.out;
  host::Database db(host::parse_database_url("sqlite:" + (dir / "db.sqlite").string()).value(), 1);
  auto lease = db.lease();
  int rows = 0;
  lease.session() << "SELECT COUNT(*) FROM resources", Poco::Data::Keywords::into(rows), Poco::Data::Keywords::now;
  EXPECT_EQ(rows, 8);
}

}  // namespace
}  // namespace govsync::test
