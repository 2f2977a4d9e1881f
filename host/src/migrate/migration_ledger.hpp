#pragma once
// Where applied migrations are recorded: govsync's own sequence in
// schema_migrations, each plugin's own sequence in plugin_schema_migrations.

#include <string>
#include <vector>

#include "db/database.hpp"
#include "migrate/migration_set.hpp"

namespace govsync::host {

struct AppliedMigration {
  int version = 0;
  std::string name;
  std::string checksum;
};

/// One migration sequence's record of what was applied.
class MigrationLedger {
 public:
  /// govsync's own migrations (core and bundled plugins): schema_migrations.
  static MigrationLedger core();
  /// The migrations a plugin ships in its own folder: plugin_schema_migrations rows of that plugin.
  static MigrationLedger of_plugin(std::string plugin);

  /// Creates the ledger table if it is missing.
  void ensure(Poco::Data::Session& session, Dialect dialect) const;
  /// The applied migrations, by version.
  std::vector<AppliedMigration> read(Poco::Data::Session& session) const;
  /// True when this version is recorded (read inside the applying transaction).
  bool contains(Poco::Data::Session& session, int version) const;
  /// Records a migration as applied now.
  void record(Poco::Data::Session& session, Dialect dialect, const Migration& migration) const;
  /// "govsync" or "plugin 'name'", for messages.
  std::string owner() const;
  /// What to do when the database holds a migration this sequence lacks.
  std::string newer_schema_advice() const;

 private:
  explicit MigrationLedger(std::string plugin) : plugin_(std::move(plugin)) {}
  std::string plugin_;  // empty: the core sequence
};

}  // namespace govsync::host
