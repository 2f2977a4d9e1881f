#include "migrate/migration_ledger.hpp"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Statement.h>

namespace govsync::host {
namespace {

using Poco::Data::Keywords::bind;
using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;

std::string timestamp_type(Dialect dialect) { return dialect == Dialect::sqlite ? "TEXT" : "TIMESTAMPTZ"; }

std::vector<AppliedMigration> collect(Poco::Data::Statement& select) {
  Poco::Data::RecordSet rows(select);
  std::vector<AppliedMigration> applied;
  for (std::size_t i = 0; i < rows.rowCount(); ++i) {
    applied.push_back({rows.value(0, i).convert<int>(), rows.value(1, i).convert<std::string>(),
                       rows.value(2, i).convert<std::string>()});
  }
  return applied;
}

}  // namespace

MigrationLedger MigrationLedger::core() { return MigrationLedger(""); }

MigrationLedger MigrationLedger::of_plugin(std::string plugin) { return MigrationLedger(std::move(plugin)); }

void MigrationLedger::ensure(Poco::Data::Session& session, Dialect dialect) const {
  if (plugin_.empty()) {
    session << "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR(200) NOT NULL, "
               "checksum VARCHAR(64) NOT NULL, applied_at " +
                   timestamp_type(dialect) + " NOT NULL)",
        now;
    return;
  }
  session << "CREATE TABLE IF NOT EXISTS plugin_schema_migrations (plugin VARCHAR(100) NOT NULL, version INTEGER NOT "
             "NULL, name VARCHAR(200) NOT NULL, checksum VARCHAR(64) NOT NULL, applied_at " +
                 timestamp_type(dialect) + " NOT NULL, PRIMARY KEY (plugin, version))",
      now;
}

std::vector<AppliedMigration> MigrationLedger::read(Poco::Data::Session& session) const {
  Poco::Data::Statement select(session);
  if (plugin_.empty()) {
    select << "SELECT version, name, checksum FROM schema_migrations ORDER BY version", now;
  } else {
    select << "SELECT version, name, checksum FROM plugin_schema_migrations WHERE plugin = $1 ORDER BY version",
        bind(plugin_), now;
  }
  return collect(select);
}

bool MigrationLedger::contains(Poco::Data::Session& session, int version) const {
  int count = 0;
  if (plugin_.empty()) {
    session << "SELECT COUNT(*) FROM schema_migrations WHERE version = $1", bind(version), into(count), now;
  } else {
    session << "SELECT COUNT(*) FROM plugin_schema_migrations WHERE plugin = $1 AND version = $2", bind(plugin_),
        bind(version), into(count), now;
  }
  return count > 0;
}

void MigrationLedger::record(Poco::Data::Session& session, Dialect dialect, const Migration& migration) const {
  const std::string applied_at(sql_now(dialect));
  if (plugin_.empty()) {
    session << "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES ($1, $2, $3, " + applied_at +
                   ")",
        bind(migration.version), bind(migration.name), bind(migration.checksum), now;
    return;
  }
  session << "INSERT INTO plugin_schema_migrations (plugin, version, name, checksum, applied_at) VALUES ($1, $2, $3, "
             "$4, " +
                 applied_at + ")",
      bind(plugin_), bind(migration.version), bind(migration.name), bind(migration.checksum), now;
}

std::string MigrationLedger::owner() const { return plugin_.empty() ? "govsync" : "plugin '" + plugin_ + "'"; }

std::string MigrationLedger::newer_schema_advice() const {
  if (plugin_.empty()) {
    return "the schema is newer than this binary; upgrade govsync (or point [database] migrations_dir at the newer "
           "migrations)";
  }
  return "the plugin's tables are newer than its installed migrations; upgrade the plugin (or point [database] "
         "plugin_migrations_dir at its newer migrations)";
}

}  // namespace govsync::host
