#include <Poco/Exception.h>

#include <charconv>
#include <iostream>

#include "cli/command_help.hpp"
#include "cli/commands.hpp"
#include "cli/host_setup.hpp"
#include "config/config_loader.hpp"
#include "migrate/migrator.hpp"

namespace govsync::host {
namespace {

constexpr const char* kHelp =
    "usage: govsync migrate [--config FILE] [--to N]\n"
    "\n"
    "Applies the pending migrations in [database] migrations_dir, in order,\n"
    "each in its own transaction (up to version N with --to). Refuses an\n"
    "applied migration whose file was edited. Exit codes: 0 done, 1 a\n"
    "migration failed, 69 database unavailable, 78 configuration error.\n";

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
  auto migrations = discover_migrations(settings->database.migrations_dir, db.dialect());
  if (!migrations) {
    std::cerr << "govsync migrate: " << migrations.error().message << "\n";
    return kExitConfigError;
  }
  try {
    auto report = apply_migrations(db, migrations.value(), target);
    if (!report) {
      std::cerr << "govsync migrate: " << report.error().message << "\n";
      return 1;
    }
    for (const auto& name : report->applied) std::cout << "applied " << name << "\n";
    std::cout << "schema at version " << report->schema_version << " (" << report->applied.size() << " applied now)\n";
    return 0;
  } catch (const Poco::Exception& e) {
    return report_database_error("migrate", db, e);
  }
}

}  // namespace govsync::host
