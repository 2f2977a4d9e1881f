#include "cli/host_setup.hpp"

#include <Poco/Exception.h>
#include <spdlog/spdlog.h>

#include <algorithm>

#include "cli/logging.hpp"
#include "config/config_loader.hpp"
#include "migrate/schema_update.hpp"
#include "runs/in_process_body.hpp"
#include "supervisor/worker_body.hpp"

namespace govsync::host {

std::filesystem::path config_path(const Arguments& args) {
  if (auto file = args.value("config")) return *file;
  return kDefaultConfigFile;
}

std::optional<Settings> load_settings_or_report(const Arguments& args) {
  auto settings = load_settings(config_path(args));
  if (!settings) {
    // Said in the format the files ask for, so a log shipper reading JSON lines gets this one too; at
    // critical level, like every error that stops a command, so no [log] level hides it.
    apply_log_settings(log_settings_as_written(config_path(args)));
    spdlog::critical("configuration error: {}", settings.error().message);
    return std::nullopt;
  }
  if (const auto problem = apply_log_settings(settings->log); !problem.empty()) {
    spdlog::critical("configuration error: {}", problem);
    return std::nullopt;
  }
  for (const auto& warning : settings->warnings) spdlog::warn("{}", warning);
  return std::move(settings.value());
}

WorkerLimits worker_limits(const Settings& settings) {
  WorkerLimits limits;
  limits.memory_bytes = settings.plugins.worker_memory_limit;
  limits.recycle_resident_bytes = settings.plugins.worker_memory_limit / 2;
  limits.max_runs = settings.plugins.worker_max_runs;
  limits.require_safe_permissions = settings.plugins.require_safe_permissions;
  // After a cancellation (timeout, shutdown, interrupt) a run gets as long to stop as a shutdown gives it.
  limits.stop_grace = settings.scheduler.shutdown_grace;
  return limits;
}

ConfigurationCheck configuration_check(const Settings& settings, WorkerPool* workers) {
  if (workers == nullptr) return configure_in_process;
  return [&settings, workers](const LoadedPlugin& plugin, const Poco::Util::MapConfiguration& config) {
    channel::WorkerConfiguration configuration;
    std::vector<std::string> keys;
    config.keys(keys);
    for (const auto& key : keys) configuration.plugin_keys[key] = config.getString(key);
    configuration.azure = settings.azure;
    return ConfiguredPlugin{workers->check_configuration(plugin.path, configuration), nullptr};
  };
}

PluginInventory discover_plugins(const Settings& settings, WorkerPool* workers) {
  const auto& plugins = settings.plugins;
  if (workers == nullptr) return load_plugins(plugins.dir, plugins.require_safe_permissions);
  return load_plugins(plugins.dir, plugins.require_safe_permissions,
                      [workers](const std::filesystem::path& file) { return workers->probe(file); });
}

std::variant<PluginSetup, int> prepare_plugins(const Arguments& args) {
  auto settings = load_settings_or_report(args);
  if (!settings) return kExitConfigError;
  PluginSetup setup{std::move(*settings), {}, {}, nullptr};
  if (setup.settings.plugins.isolation == "process") {
    setup.workers = std::make_unique<WorkerPool>(worker_limits(setup.settings),
                                                 static_cast<std::size_t>(setup.settings.scheduler.concurrency));
  }
  setup.inventory = discover_plugins(setup.settings, setup.workers.get());
  for (const auto& failure : setup.inventory.failures) spdlog::warn("plugin not loaded: {}", failure.message);
  auto bound = bind_domains(setup.settings, setup.inventory, *spdlog::default_logger(),
                            configuration_check(setup.settings, setup.workers.get()));
  if (!bound) {
    spdlog::critical("configuration error: {}", bound.error().message);
    return kExitConfigError;
  }
  setup.domains = std::move(bound.value());
  if (setup.domains.empty()) {
    spdlog::warn(
        "no domain is enabled (set enabled = true in a [domain.NAME] section): govsync starts idle and "
        "syncs nothing");
  }
  return setup;
}

std::variant<std::unique_ptr<Database>, int> open_database(const Settings& settings, std::size_t sessions) {
  auto url = parse_database_url(settings.database.url);
  if (!url) {
    spdlog::critical("configuration error: [database] url: {}", url.error().message);
    return kExitConfigError;
  }
  auto db = std::make_unique<Database>(url.value(), sessions);
  db->set_statement_timeout(settings.database.statement_timeout);
  return db;
}

int report_database_error(const std::string& command, const Database& db, const std::exception& error) {
  const auto* poco = dynamic_cast<const Poco::Exception*>(&error);
  spdlog::critical("{}: cannot use the database {}: {}", command, db.url().redacted(),
                   redact_connection_secrets(poco != nullptr ? poco->displayText() : error.what()));
  return kExitUnavailable;
}

void open_sessions_ahead(Database& db, std::size_t sessions) {
  if (const auto error = db.open_ahead(sessions); !error.empty())
    spdlog::warn("cannot open every database session ahead of the runs ({}); they open their own", error);
}

std::unique_ptr<RunBody> make_run_body(WorkerPool* workers, Database& db, const SchemaCatalog& catalog,
                                       const std::string& database_url) {
  if (workers != nullptr) return std::make_unique<WorkerBody>(*workers, database_url, catalog);
  return std::make_unique<InProcessBody>(db, catalog);
}

std::variant<DatabaseSetup, int> prepare_database(const Settings& settings) {
  int sessions = settings.database.pool_size > 0 ? settings.database.pool_size : settings.scheduler.concurrency + 2;
  // With worker processes, each worker holds its run's session; the supervisor
  // needs only a few, for the ledger's short statements and the admin API.
  if (settings.plugins.isolation == "process") sessions = std::min(sessions, kSupervisorSessions);
  auto opened = open_database(settings, static_cast<std::size_t>(sessions));
  if (auto* code = std::get_if<int>(&opened)) return *code;
  auto db = std::move(std::get<std::unique_ptr<Database>>(opened));
  auto sources =
      discover_schema_sources(settings.database.migrations_dir, settings.database.plugin_migrations_dir, db->dialect());
  if (!sources) {
    spdlog::critical("{}", sources.error().message);
    return kExitConfigError;
  }
  try {
    if (settings.database.migrate_at_start) {
      auto report = update_schema(*db, sources.value());
      if (!report) {
        spdlog::critical("{}", report.error().message);
        return 1;
      }
      for (const auto& name : report->applied) spdlog::info("migration applied: {}", name);
    } else if (const auto pending = pending_migrations(*db, sources.value()); !pending.empty()) {
      spdlog::critical(
          "the database schema is behind this govsync and its plugins ({} migrations pending, the first {}) and "
          "[database] migrate_at_start is false; run `govsync migrate` first",
          pending.size(), pending.front());
      return 1;
    }
    auto lease = db->lease();
    auto catalog = SchemaCatalog::read(lease.session(), db->dialect());
    return DatabaseSetup{std::move(db), std::move(catalog), std::move(sources.value())};
  } catch (const Poco::Exception& e) {
    return report_database_error("start", *db, e);
  }
}

}  // namespace govsync::host
