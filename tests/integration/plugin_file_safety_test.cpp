// Plugin files and every folder above them: what is refused and why, whoever
// runs govsync, and that the file checked is the very file loaded.
#include <link.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "loader/plugin_loader.hpp"
#include "test_support.hpp"

namespace govsync::test {
namespace {

namespace fs = std::filesystem;
using host::LoadFailureKind;

constexpr uid_t kNobody = 65534;
constexpr gid_t kNogroup = 65534;

const host::LoadFailure* failure_for(const host::PluginInventory& inventory, const std::string& file) {
  for (const auto& f : inventory.failures) {
    if (f.path.filename() == file) return &f;
  }
  return nullptr;
}

// A folder (mode 0755) holding copies of fixture plugins (mode 0644).
fs::path folder_with(const fs::path& folder, const std::vector<std::string>& fixture_files) {
  fs::create_directories(folder);
  fs::permissions(folder, fs::perms(0755));
  for (const auto& file : fixture_files) {
    fs::copy_file(fixture_dir() / file, folder / file, fs::copy_options::overwrite_existing);
    fs::permissions(folder / file, fs::perms(0644));
  }
  return folder;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST(PluginFileSafety, RefusesALinkToAPluginFileAndStillLoadsTheOthers) {
  TempDir dir;
  const auto plugins = folder_with(dir / "plugins", {"fixture_counter.so"});
  // The link's target is itself a safe file: the link alone is the reason.
  fs::create_symlink(fixture_dir() / "fixture_policy.so", plugins / "linked_policy.so");
  const auto inventory = host::load_plugins(plugins, true);
  const auto* failure = failure_for(inventory, "linked_policy.so");
  ASSERT_NE(failure, nullptr);
  EXPECT_EQ(failure->kind, LoadFailureKind::unsafe_permissions);
  EXPECT_TRUE(contains(failure->message, (plugins / "linked_policy.so").string() + " is a symbolic link"))
      << failure->message;
  EXPECT_EQ(inventory.find("fixture_policy"), nullptr);
  EXPECT_NE(inventory.find("fixture_counter"), nullptr);
  // The operator can still opt out.
  EXPECT_NE(host::load_plugins(plugins, false).find("fixture_policy"), nullptr);
}

TEST(PluginFileSafety, TheOperatorsSwitchTurnsTheCheckOffInWorkerProcessesToo) {
  TempDir dir;
  const auto plugins = folder_with(dir / "plugins", {"fixture_counter.so"});
  fs::create_symlink(fixture_dir() / "fixture_policy.so", plugins / "linked_policy.so");
  const auto database = "sqlite:" + (dir / "db.sqlite").string();
  const auto checked = run_govsync({"plugins", "--config", write_config(dir, database, plugins, 1, "").string()});
  EXPECT_TRUE(contains(checked.out, "is a symbolic link")) << checked.out << checked.err;
  // write_config's [plugins] section comes first; the switch goes into it through a drop-in.
  write_file(dir / "conf.d" / "50-unchecked.ini", "[plugins]\nrequire_safe_permissions = false\n");
  const auto unchecked = run_govsync({"plugins", "--config", (dir / "govsync.ini").string()});
  EXPECT_FALSE(contains(unchecked.out, "is a symbolic link")) << unchecked.out << unchecked.err;
  EXPECT_TRUE(contains(unchecked.out, "fixture_policy")) << unchecked.out << unchecked.err;
}

TEST(PluginFileSafety, RefusesAFolderAboveThePluginFolderThatItsGroupCanWrite) {
  TempDir dir;
  const auto plugins = folder_with(dir / "outer" / "plugins", {"fixture_counter.so"});
  fs::permissions(dir / "outer", fs::perms(0775));
  const auto inventory = host::load_plugins(plugins, true);
  EXPECT_TRUE(inventory.plugins.empty());
  ASSERT_EQ(inventory.failures.size(), 1U);
  EXPECT_EQ(inventory.failures[0].kind, LoadFailureKind::unsafe_permissions);
  EXPECT_TRUE(contains(inventory.failures[0].message, "folder " + (dir / "outer").string() + " is writable by group"))
      << inventory.failures[0].message;
}

TEST(PluginFileSafety, RefusesALinkedPluginFolderWhoseTargetOthersCanChange) {
  TempDir dir;
  folder_with(dir / "shared" / "real", {"fixture_counter.so"});
  fs::permissions(dir / "shared", fs::perms(0757));
  fs::create_directory_symlink(dir / "shared" / "real", dir / "plugins");
  const auto inventory = host::load_plugins(dir / "plugins", true);
  EXPECT_TRUE(inventory.plugins.empty());
  ASSERT_FALSE(inventory.failures.empty());
  EXPECT_TRUE(contains(inventory.failures[0].message, "folder " + (dir / "shared").string() + " is writable by others"))
      << inventory.failures[0].message;
}

// Names of every object the dynamic loader has loaded into this process.
std::vector<std::string> loaded_object_names() {
  std::vector<std::string> names;
  ::dl_iterate_phdr(
      [](dl_phdr_info* info, size_t, void* out) {
        static_cast<std::vector<std::string>*>(out)->emplace_back(info->dlpi_name != nullptr ? info->dlpi_name : "");
        return 0;
      },
      &names);
  return names;
}

TEST(PluginFileSafety, TheLibraryLoadedIsTheDescriptorThatWasChecked) {
  TempDir dir;
  const auto plugins = folder_with(dir / "plugins", {"fixture_counter.so"});
  const auto inventory = host::load_plugins(plugins, true);
  ASSERT_NE(inventory.find("fixture_counter"), nullptr);
  const auto file = fs::canonical(plugins / "fixture_counter.so").string();
  bool by_descriptor = false;
  for (const auto& name : loaded_object_names()) {
    EXPECT_NE(name, file) << "the plugin was loaded by its name, not by the descriptor that was checked";
    std::error_code ec;
    if (name.rfind("/proc/self/fd/", 0) == 0 && fs::read_symlink(name, ec) == file) by_descriptor = true;
  }
  EXPECT_TRUE(by_descriptor) << "no library loaded as /proc/self/fd/N for " << file;
}

TEST(PluginFileSafety, AppliesWhenGovsyncRunsAsAnotherUser) {
  if (::geteuid() != 0) GTEST_SKIP() << "running govsync as nobody needs root";
  const fs::path setpriv = "/usr/bin/setpriv";
  if (!fs::exists(setpriv)) GTEST_SKIP() << "setpriv (util-linux) is not installed";
  TempDir dir;
  fs::permissions(dir.path(), fs::perms(0755));
  const auto plugins = folder_with(dir / "plugins", {"fixture_counter.so", "fixture_policy.so"});
  // Owned by the user govsync runs as: trusted. Owned by someone else: refused.
  ASSERT_EQ(::chown(plugins.c_str(), kNobody, kNogroup), 0);
  ASSERT_EQ(::chown((plugins / "fixture_counter.so").c_str(), kNobody, kNogroup), 0);
  ASSERT_EQ(::chown((plugins / "fixture_policy.so").c_str(), 1000, 1000), 0);
  const auto config = write_config(dir, "sqlite:" + (dir / "db.sqlite").string(), plugins, 1, "");
  const std::vector<std::string> as_nobody{
      "--reuid=65534", "--regid=65534", "--clear-groups", govsync_binary().string(),
      "plugins",       "--config",      config.string()};
  const auto listing = run_program(setpriv, as_nobody);
  EXPECT_EQ(listing.exit_code, 1) << listing.out << listing.err;
  EXPECT_TRUE(contains(listing.out, "fixture_counter")) << listing.out << listing.err;
  EXPECT_TRUE(contains(listing.out, "not loaded (unsafe permissions)")) << listing.out;
  EXPECT_TRUE(contains(listing.out, (plugins / "fixture_policy.so").string() + " is owned by uid 1000")) << listing.out;

  fs::permissions(plugins, fs::perms(0775));
  const auto refused = run_program(setpriv, as_nobody);
  EXPECT_EQ(refused.exit_code, 1) << refused.out << refused.err;
  EXPECT_TRUE(contains(refused.out, "folder " + plugins.string() + " is writable by group")) << refused.out;
  EXPECT_FALSE(contains(refused.out, "2.1.0")) << "fixture_counter was loaded:\n" << refused.out;
}

}  // namespace
}  // namespace govsync::test
