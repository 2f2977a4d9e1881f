#include "migrate/schema_update.hpp"

#include <algorithm>

#include "migrate/migrator.hpp"

namespace govsync::host {
namespace {

void append_pending(const std::vector<Migration>& migrations, const std::vector<AppliedMigration>& applied,
                    const std::string& prefix, std::vector<std::string>& pending) {
  for (const auto& migration : migrations) {
    const bool done = std::any_of(applied.begin(), applied.end(),
                                  [&](const AppliedMigration& a) { return a.version == migration.version; });
    if (!done) pending.push_back(prefix + migration.name);
  }
}

}  // namespace

Result<SchemaSources> discover_schema_sources(const std::filesystem::path& migrations_dir,
                                              const std::filesystem::path& plugin_migrations_dir, Dialect dialect) {
  auto core = discover_migrations(migrations_dir, dialect);
  if (!core) return core.error();
  auto plugins = discover_plugin_migrations(plugin_migrations_dir, dialect);
  if (!plugins) return plugins.error();
  return SchemaSources{std::move(core.value()), std::move(plugins.value())};
}

Result<SchemaUpdateReport> update_schema(Database& db, const SchemaSources& sources, std::optional<int> core_target) {
  SchemaUpdateReport report;
  auto core = apply_migrations(db, sources.core, core_target);
  if (!core) return core.error();
  report.applied = std::move(core->applied);
  report.schema_version = core->schema_version;
  const int latest = sources.core.empty() ? 0 : sources.core.back().version;
  if (report.schema_version < latest) {
    report.plugins_deferred = !sources.plugins.empty();
    return report;
  }
  for (const auto& plugin : sources.plugins) {
    auto applied = apply_migrations(db, plugin.migrations, std::nullopt, MigrationLedger::of_plugin(plugin.plugin));
    if (!applied) return applied.error();
    for (const auto& name : applied->applied) report.applied.push_back(plugin.plugin + "/" + name);
  }
  return report;
}

std::vector<std::string> pending_migrations(Database& db, const SchemaSources& sources) {
  std::vector<std::string> pending;
  append_pending(sources.core, applied_migrations(db), "", pending);
  for (const auto& plugin : sources.plugins) {
    append_pending(plugin.migrations, applied_migrations(db, MigrationLedger::of_plugin(plugin.plugin)),
                   plugin.plugin + "/", pending);
  }
  return pending;
}

}  // namespace govsync::host
