#pragma once
// Reads INI files into (file, section, key, value) entries, in file order.

#include <filesystem>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "config/settings.hpp"

namespace govsync::host {

struct IniEntry {
  ConfigOrigin origin;
  std::string value;
};

/// The files that make up a configuration: `main`, then `<dir of main>/conf.d/*.ini` by name.
std::vector<std::filesystem::path> config_files(const std::filesystem::path& main);

/// All entries of the files, later files overriding earlier ones key by key.
/// Lines are `[section]`, `key = value`, or comments starting with # or ;.
/// Values are taken as written (trimmed): there are no inline comments.
Result<std::vector<IniEntry>> read_ini_entries(const std::vector<std::filesystem::path>& files);

}  // namespace govsync::host
