#pragma once
// Applies migrations in order, each in its own transaction, under a lock.

#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "db/database.hpp"
#include "migrate/migration_ledger.hpp"
#include "migrate/migration_set.hpp"

namespace govsync::host {

struct MigrationReport {
  std::vector<std::string> applied;  // names applied by this call
  int schema_version = 0;            // the highest version now applied
};

/// Applies the pending migrations of one sequence (govsync's own by default)
/// up to `target` (all when unset).
/// Fails, applying nothing more, when an applied migration was edited (its
/// checksum changed), when the database holds a migration of this sequence
/// that `migrations` lacks (the schema is newer), or when a migration fails
/// (that one is rolled back). On PostgreSQL an advisory lock serializes hosts.
Result<MigrationReport> apply_migrations(Database& db, const std::vector<Migration>& migrations,
                                         std::optional<int> target = std::nullopt,
                                         const MigrationLedger& ledger = MigrationLedger::core());

/// The migrations of one sequence recorded as applied (none if the ledger table is missing).
std::vector<AppliedMigration> applied_migrations(Database& db, const MigrationLedger& ledger = MigrationLedger::core());

}  // namespace govsync::host
