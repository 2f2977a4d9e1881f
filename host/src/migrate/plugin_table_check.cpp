#include "migrate/plugin_table_check.hpp"

#include <Poco/Exception.h>
#include <stdlib.h>

#include <algorithm>
#include <set>
#include <system_error>

#include "db/schema_catalog.hpp"
#include "migrate/migrator.hpp"
#include "migrate/plugin_migration_set.hpp"
#include "writer/table_requirements.hpp"

namespace govsync::host {
namespace {

// A folder of its own under the system's temporary folder, removed with everything in it.
class ScratchFolder {
 public:
  ScratchFolder() {
    auto pattern = (std::filesystem::temp_directory_path() / "govsync-check-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr)
      throw std::system_error(errno, std::generic_category(), "cannot create a folder for the schema check");
    path_ = pattern;
  }
  ~ScratchFolder() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  ScratchFolder(const ScratchFolder&) = delete;
  ScratchFolder& operator=(const ScratchFolder&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

std::set<std::string> table_names(Database& db) {
  auto lease = db.lease();
  std::set<std::string> names;
  for (const auto& table : SchemaCatalog::read(lease.session(), db.dialect()).tables()) names.insert(table.name);
  return names;
}

std::vector<std::string> check_in(Database& db, const std::vector<Migration>& core,
                                  const std::vector<PluginMigrations>& plugins, Dialect dialect) {
  std::vector<std::string> problems;
  // govsync's own tables first: plugin tables may refer to them. They are
  // checked by govsync's tests; a failure here is the database's own check's to report.
  if (!apply_migrations(db, core)) return problems;
  for (const auto& plugin : plugins) {
    const auto ledger = MigrationLedger::of_plugin(plugin.plugin);
    static_cast<void>(applied_migrations(db, ledger));  // creates the ledger's table, which is no plugin's
    const auto before = table_names(db);
    const auto where = "plugin " + plugin.plugin + " (migrations in " + plugin.dir.string() + "): ";
    if (auto applied = apply_migrations(db, plugin.migrations, std::nullopt, ledger); !applied) {
      if (dialect == Dialect::sqlite) problems.push_back(where + applied.error().message);
      continue;
    }
    auto lease = db.lease();
    for (const auto& table : SchemaCatalog::read(lease.session(), db.dialect()).tables()) {
      if (before.count(table.name) != 0) continue;
      if (const auto problem = tenant_key_problem(table); !problem.empty()) problems.push_back(where + problem);
    }
  }
  return problems;
}

}  // namespace

std::vector<std::string> plugin_table_problems(const std::filesystem::path& migrations_dir,
                                               const std::filesystem::path& plugin_migrations_dir,
                                               const std::vector<std::string>& plugins, Dialect dialect) {
  auto found = discover_plugin_migrations(plugin_migrations_dir, Dialect::sqlite);
  if (!found) {
    if (dialect == Dialect::sqlite) return {found.error().message};
    return {};
  }
  std::vector<PluginMigrations> wanted;
  for (auto& plugin : found.value()) {
    if (!plugin.migrations.empty() && std::find(plugins.begin(), plugins.end(), plugin.plugin) != plugins.end())
      wanted.push_back(std::move(plugin));
  }
  if (wanted.empty()) return {};
  auto core = discover_migrations(migrations_dir, Dialect::sqlite);
  if (!core) return {};  // the database's own check names the folder
  try {
    const ScratchFolder folder;
    auto url = parse_database_url("sqlite:" + (folder.path() / "check.db").string());
    if (!url) return {};
    Database db(url.value(), 1);
    return check_in(db, core.value(), wanted, dialect);
  } catch (const Poco::Exception& e) {
    return {"cannot check the plugins' tables in a scratch SQLite database: " + e.displayText()};
  } catch (const std::exception& e) {
    return {std::string("cannot check the plugins' tables in a scratch SQLite database: ") + e.what()};
  }
}

}  // namespace govsync::host
