#pragma once
// Applies migrations in order, each in its own transaction, under a lock.

#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "db/database.hpp"
#include "migrate/migration_set.hpp"

namespace govsync::host {

struct AppliedMigration {
  int version = 0;
  std::string name;
  std::string checksum;
};

struct MigrationReport {
  std::vector<std::string> applied;  // names applied by this call
  int schema_version = 0;            // the highest version now applied
};

/// Applies the pending migrations up to `target` (all when unset).
/// Fails, applying nothing more, when an applied migration was edited (its
/// checksum changed), when the database holds a migration this binary does
/// not know (it is newer than this govsync), or when a migration fails (that
/// one is rolled back). On PostgreSQL an advisory lock serializes hosts.
Result<MigrationReport> apply_migrations(Database& db, const std::vector<Migration>& migrations,
                                         std::optional<int> target = std::nullopt);

/// The migrations recorded in schema_migrations (none if the table is missing).
std::vector<AppliedMigration> applied_migrations(Database& db);

}  // namespace govsync::host
