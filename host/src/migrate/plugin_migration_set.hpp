#pragma once
// The migrations third-party plugins ship: one folder per plugin under
// [database] plugin_migrations_dir, each folder its own numbered sequence.

#include <filesystem>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "db/database.hpp"
#include "migrate/migration_set.hpp"

namespace govsync::host {

/// One plugin's migrations, from <root>/<plugin>/.
struct PluginMigrations {
  std::string plugin;
  std::filesystem::path dir;
  std::vector<Migration> migrations;
};

/// Finds <root>/<plugin>/NNN_name[.dialect].sql for every plugin folder, by
/// plugin name. A missing root means no plugin ships tables. A folder name
/// must be a plugin name (lower-case letters, digits, '_' and '-'); files
/// directly under root are refused.
Result<std::vector<PluginMigrations>> discover_plugin_migrations(const std::filesystem::path& root, Dialect dialect);

}  // namespace govsync::host
