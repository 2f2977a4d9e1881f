#include "migrate/migrator.hpp"

#include <Poco/Exception.h>

#include <algorithm>

#include "db/sql_script.hpp"

namespace govsync::host {
namespace {

using Poco::Data::Keywords::bind;
using Poco::Data::Keywords::now;

// An arbitrary constant naming govsync's migration lock among advisory locks.
constexpr Poco::Int64 kMigrationLockKey = 0x676F7673796E63;  // "govsync"

std::optional<Error> check_history(const MigrationLedger& ledger, const std::vector<AppliedMigration>& applied,
                                   const std::vector<Migration>& migrations) {
  for (const auto& done : applied) {
    const auto it = std::find_if(migrations.begin(), migrations.end(),
                                 [&](const Migration& m) { return m.version == done.version; });
    if (it == migrations.end()) {
      return Error{"the database has migration " + done.name + " of " + ledger.owner() +
                   " applied, which is not among its migrations here: " + ledger.newer_schema_advice()};
    }
    if (it->checksum != done.checksum) {
      return Error{it->file.string() + " was edited after it was applied (recorded checksum " + done.checksum +
                   ", file now " + it->checksum + "); restore the applied file and put the change in a new migration"};
    }
  }
  return std::nullopt;
}

Status apply_one(Database& db, Poco::Data::Session& session, const MigrationLedger& ledger,
                 const Migration& migration) {
  const auto statements = split_sql_script(migration.sql);
  Transaction tx(db, session);
  if (ledger.contains(session, migration.version)) return {};  // another host applied it meanwhile
  for (std::size_t i = 0; i < statements.size(); ++i) {
    try {
      session << statements[i], now;
    } catch (const Poco::Exception& e) {
      return Error{migration.file.string() + ": statement " + std::to_string(i + 1) + " of " +
                   std::to_string(statements.size()) +
                   " failed, migration rolled back: " + redact_connection_secrets(e.displayText())};
    }
  }
  ledger.record(session, db.dialect(), migration);
  tx.commit();
  return {};
}

class MigrationLock {
 public:
  MigrationLock(Poco::Data::Session& session, Dialect dialect) : session_(session), dialect_(dialect) {
    if (dialect_ == Dialect::postgresql) session_ << "SELECT pg_advisory_lock($1)", bind(kMigrationLockKey), now;
  }
  ~MigrationLock() {
    try {
      if (dialect_ == Dialect::postgresql) session_ << "SELECT pg_advisory_unlock($1)", bind(kMigrationLockKey), now;
    } catch (...) {  // NOLINT(bugprone-empty-catch): the lock ends with the session anyway
    }
  }
  MigrationLock(const MigrationLock&) = delete;
  MigrationLock& operator=(const MigrationLock&) = delete;

 private:
  Poco::Data::Session& session_;
  Dialect dialect_;
};

Result<MigrationReport> migrate_under_lock(Database& db, Poco::Data::Session& session, const MigrationLedger& ledger,
                                           const std::vector<Migration>& migrations, std::optional<int> target) {
  try {
    // On SQLite each migration's BEGIN IMMEDIATE is the lock; is_applied() re-checks inside it.
    MigrationLock lock(session, db.dialect());
    ledger.ensure(session, db.dialect());
    const auto applied = ledger.read(session);
    if (auto error = check_history(ledger, applied, migrations)) return *error;
    MigrationReport report;
    for (const auto& m : applied) report.schema_version = std::max(report.schema_version, m.version);
    for (const auto& migration : migrations) {
      if (target && migration.version > *target) break;
      if (std::any_of(applied.begin(), applied.end(), [&](const auto& a) { return a.version == migration.version; })) {
        continue;
      }
      if (auto status = apply_one(db, session, ledger, migration); !status) return status.error();
      report.applied.push_back(migration.name);
      report.schema_version = migration.version;
    }
    return report;
  } catch (const Poco::Exception& e) {
    return Error{"migrating " + ledger.owner() + "'s tables in " + db.url().redacted() +
                 " failed: " + redact_connection_secrets(e.displayText())};
  }
}

}  // namespace

std::vector<AppliedMigration> applied_migrations(Database& db, const MigrationLedger& ledger) {
  auto lease = db.lease();
  ledger.ensure(lease.session(), db.dialect());
  return ledger.read(lease.session());
}

Result<MigrationReport> apply_migrations(Database& db, const std::vector<Migration>& migrations,
                                         std::optional<int> target, const MigrationLedger& ledger) {
  auto lease = db.lease();
  // Migrations take as long as they take, waiting for another host's migration lock included.
  const bool lifted = db.lift_statement_timeout(lease.session(), false);
  auto result = migrate_under_lock(db, lease.session(), ledger, migrations, target);
  // Failed: after the lock is released, the session may be in a failed state. Lifted: it has no timeout left.
  if (!result || lifted) lease.discard();
  return result;
}

}  // namespace govsync::host
