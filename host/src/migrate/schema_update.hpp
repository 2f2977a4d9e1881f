#pragma once
// Brings a database's schema up to date: govsync's own migrations first, then
// each plugin's own sequence (plugin tables may refer to govsync's).

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "db/database.hpp"
#include "migrate/migration_set.hpp"
#include "migrate/plugin_migration_set.hpp"

namespace govsync::host {

/// Every migration a database should have.
struct SchemaSources {
  std::vector<Migration> core;
  std::vector<PluginMigrations> plugins;
};

/// Reads [database] migrations_dir (required) and plugin_migrations_dir (optional).
Result<SchemaSources> discover_schema_sources(const std::filesystem::path& migrations_dir,
                                              const std::filesystem::path& plugin_migrations_dir, Dialect dialect);

struct SchemaUpdateReport {
  /// Migrations applied by this call: "009_widen_policy_name", plugins' as "<plugin>/001_name".
  std::vector<std::string> applied;
  /// The highest version of govsync's own sequence now applied.
  int schema_version = 0;
  /// True when plugin migrations were left for later because `core_target` stopped short.
  bool plugins_deferred = false;
};

/// Applies govsync's migrations up to core_target (all when unset), then,
/// once they are all applied, every plugin's pending migrations. Stops at the
/// first failure, naming the file.
Result<SchemaUpdateReport> update_schema(Database& db, const SchemaSources& sources,
                                         std::optional<int> core_target = std::nullopt);

/// The migrations not applied yet, named as in SchemaUpdateReport::applied.
std::vector<std::string> pending_migrations(Database& db, const SchemaSources& sources);

}  // namespace govsync::host
