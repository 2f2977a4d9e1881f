#pragma once
// A configuration for `govsync run` against the emulator: the bundled domain
// plugins named (real libraries from the build), one tenant, every Azure base
// URL at the emulator, then `extra` (enable the domains there).

#include <filesystem>
#include <string>
#include <vector>

#include "test_paths.hpp"
#include "test_support.hpp"

namespace govsync::test {

inline std::filesystem::path emulator_config(const TempDir& dir, const TestDatabase& db,
                                             const EmulatorProcess& emulator,
                                             const std::vector<std::string>& plugin_files, const std::string& extra) {
  const auto plugins = dir / "plugins";
  std::filesystem::create_directories(plugins);
  for (const auto& name : plugin_files)
    std::filesystem::copy_file(std::filesystem::path(GOVSYNC_TEST_PLUGIN_BUILD_DIR) / name, plugins / name);
  const auto& base = emulator.base_url();
  return write_config(dir, db.url(), plugins, 1,
                      "[azure]\nauthority = " + base + "\nmanagement = " + base + "\ngraph = " + base + "\n" + extra);
}

}  // namespace govsync::test
