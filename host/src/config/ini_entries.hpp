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

/// What a configuration's files say.
struct IniContent {
  /// Every entry, later files overriding earlier ones key by key.
  std::vector<IniEntry> entries;
  /// Every `[section]` header where it is written (no key), in file order,
  /// sections without keys included.
  std::vector<ConfigOrigin> sections;
};

/// Reads the files. Lines are `[section]`, `key = value`, or comments starting
/// with # or ;. Values are taken as written (trimmed): there are no inline comments.
Result<IniContent> read_ini_files(const std::vector<std::filesystem::path>& files);

}  // namespace govsync::host
