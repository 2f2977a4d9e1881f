#pragma once
// The start-up steps commands share: configuration, plugins, database, schema.

#include <filesystem>
#include <memory>
#include <optional>
#include <vector>

#include "cli/arguments.hpp"
#include "config/settings.hpp"
#include "db/database.hpp"
#include "db/schema_catalog.hpp"
#include "loader/plugin_loader.hpp"
#include "migrate/schema_update.hpp"
#include "runs/domain_binding.hpp"
#include "runs/run_body.hpp"
#include "supervisor/worker_pool.hpp"

namespace govsync::host {

/// sysexits.h codes the CLI uses besides 0, 1 and 78.
inline constexpr int kExitUsage = 64;
inline constexpr int kExitUnavailable = 69;

/// With isolation = process, the most database sessions the supervisor itself keeps.
inline constexpr int kSupervisorSessions = 4;

/// The --config file, or the default.
std::filesystem::path config_path(const Arguments& args);

/// Loads the configuration; prints the error and returns nothing on failure.
std::optional<Settings> load_settings_or_report(const Arguments& args);

/// Settings, plugins and bound domains: everything but the database.
struct PluginSetup {
  Settings settings;
  PluginInventory inventory;
  std::vector<BoundDomain> domains;
  /// isolation = process: the worker processes plugins run in (null with
  /// isolation = thread, where the inventory's plugins are loaded here).
  std::unique_ptr<WorkerPool> workers;
};

/// The limits [plugins] and [scheduler] put on worker processes.
WorkerLimits worker_limits(const Settings& settings);

/// Every plugin file of [plugins] dir: probed in a short-lived worker when
/// `workers` is set (a file that crashes dlopen is reported, never felt), else
/// loaded in this process.
PluginInventory discover_plugins(const Settings& settings, WorkerPool* workers);

/// How bind_domains checks a plugin's configuration: in this process, or in a
/// short-lived worker when `workers` is set.
ConfigurationCheck configuration_check(const Settings& settings, WorkerPool* workers);

/// Loads configuration and plugins and binds domains; on failure prints the
/// error and returns the exit code.
std::variant<PluginSetup, int> prepare_plugins(const Arguments& args);

/// A pool on [database] url, not yet used; on a bad url prints the error and
/// returns kExitConfigError.
std::variant<std::unique_ptr<Database>, int> open_database(const Settings& settings, std::size_t sessions);

/// Prints "govsync COMMAND: cannot use the database URL: why" (no password)
/// and returns kExitUnavailable.
int report_database_error(const std::string& command, const Database& db, const std::exception& error);

/// The database opened, migrated at start if configured (else checked to be
/// current), and its schema read.
struct DatabaseSetup {
  std::unique_ptr<Database> db;
  SchemaCatalog catalog;
  /// Every migration the schema should have (govsync's and the plugins').
  SchemaSources migrations;
};

/// Opens up to `sessions` database sessions before the first run
/// (Database::open_ahead); a failure is logged, and the runs open their own.
void open_sessions_ahead(Database& db, std::size_t sessions);

/// Where runs execute: in `workers` when set (isolation = process), else on
/// the calling thread.
std::unique_ptr<RunBody> make_run_body(WorkerPool* workers, Database& db, const SchemaCatalog& catalog,
                                       const std::string& database_url);

/// Opens and prepares the database; on failure prints the error and returns the exit code.
std::variant<DatabaseSetup, int> prepare_database(const Settings& settings);

}  // namespace govsync::host
