#include <Poco/Exception.h>

#include <spdlog/spdlog.h>
#include <charconv>

#include <iostream>

#include "cli/command_help.hpp"
#include "cli/commands.hpp"
#include "cli/host_setup.hpp"
#include "config/config_loader.hpp"
#include "migrate/schema_update.hpp"

namespace govsync::host {
namespace {

constexpr const char* kHelp =
    "usage: govsync migrate [--config FILE] [--to N]\n"
    "\n"
    "Applies the pending migrations in [database] migrations_dir, in order,\n"
    "each in its own transaction (up to version N with --to), then those of\n"
    "each plugin folder in [database] plugin_migrations_dir (only once\n"
    "govsync's own are all applied). Refuses an applied migration whose file\n"
    "was edited. Exit codes: 0 done, 1 a migration failed, 69 database\n"
    "unavailable, 78 configuration error.\n";

}  // namespace

int command_migrate(const std::vector<std::string>& raw) {
  Arguments args;
  if (auto stop = parse_or_help("migrate", raw, {{"config"}, {"to"}}, kHelp, args)) return *stop;
  std::optional<int> target;
  if (auto to = args.value("to")) {
    int parsed = 0;
    const auto [ptr, ec] = std::from_chars(to->data(), to->data() + to->size(), parsed);
    if (ec != std::errc{} || ptr != to->data() + to->size() || parsed < 0) {
      std::cerr << "govsync migrate: --to takes a migration number, not '" << *to << "'\n";
      return kExitUsage;
    }
    target = parsed;
  }
  auto settings = load_settings_or_report(args);
  if (!settings) return kExitConfigError;
  auto opened = open_database(*settings, 1);
  if (auto* code = std::get_if<int>(&opened)) return *code;
  auto& db = *std::get<std::unique_ptr<Database>>(opened);
  auto sources = discover_schema_sources(settings->database.migrations_dir, settings->database.plugin_migrations_dir,
                                         db.dialect());
  if (!sources) {
    spdlog::critical("migrate: {}", sources.error().message);
    return kExitConfigError;
  }
  try {
    auto report = update_schema(db, sources.value(), target);
    if (!report) {
      spdlog::critical("migrate: {}", report.error().message);
      return 1;
    }
    for (const auto& name : report->applied) std::cout << "applied " << name << "\n";
    std::cout << "schema at version " << report->schema_version << " (" << report->applied.size() << " applied now)\n";
    if (report->plugins_deferred) std::cout << "plugin migrations not applied: govsync's own are not all applied yet\n";
    return 0;
  } catch (const Poco::Exception& e) {
    return report_database_error("migrate", db, e);
  }
}

}  // namespace govsync::host
