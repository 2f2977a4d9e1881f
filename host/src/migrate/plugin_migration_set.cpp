#include "migrate/plugin_migration_set.hpp"

#include <algorithm>
#include <regex>

namespace govsync::host {

Result<std::vector<PluginMigrations>> discover_plugin_migrations(const std::filesystem::path& root, Dialect dialect) {
  std::vector<PluginMigrations> found;
  std::error_code ec;
  if (!std::filesystem::exists(root, ec)) return found;
  if (!std::filesystem::is_directory(root, ec)) {
    return Error{root.string() +
                 " is not a folder; set [database] plugin_migrations_dir to the folder holding one "
                 "migrations folder per plugin"};
  }
  static const std::regex plugin_name(R"(^[a-z0-9][a-z0-9_-]*$)");
  for (const auto& entry : std::filesystem::directory_iterator(root, ec)) {
    const auto name = entry.path().filename().string();
    if (!entry.is_directory()) {
      return Error{entry.path().string() + ": only folders belong in " + root.string() +
                   "; put a plugin's migrations in " + (root / "<plugin name>").string()};
    }
    if (!std::regex_match(name, plugin_name)) {
      return Error{entry.path().string() + ": '" + name +
                   "' is not a plugin name; name the folder after the plugin (lower-case letters, digits, '_', '-')"};
    }
    auto migrations = discover_migrations(entry.path(), dialect);
    if (!migrations) return Error{"plugin '" + name + "': " + migrations.error().message};
    found.push_back({name, entry.path(), std::move(migrations.value())});
  }
  if (ec) return Error{root.string() + ": cannot list the folder: " + ec.message()};
  std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.plugin < b.plugin; });
  return found;
}

}  // namespace govsync::host
