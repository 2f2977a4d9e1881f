#pragma once
// A transaction that starts at its first use.

#include <optional>

#include "db/database.hpp"

namespace govsync::host {

/// A run's transaction, begun on a pooled session the first time session() is
/// called: by a writer's first batch on PostgreSQL, a plugin's own statement,
/// or the writers' finish and the ledger update at the end. Until then the run
/// holds no session, no open transaction and, on SQLite, not the writer lock,
/// so runs that wait on Azure wait side by side instead of one after another.
class LazyTransaction {
 public:
  explicit LazyTransaction(Database& db) : db_(db) {}
  /// Rolls back a transaction that was begun and not committed, and discards
  /// its session: a session whose run failed is never handed out again.
  ~LazyTransaction();
  LazyTransaction(const LazyTransaction&) = delete;
  LazyTransaction& operator=(const LazyTransaction&) = delete;

  /// The transaction's session: leased and begun on the first call.
  /// Throws Poco::Exception when the database cannot be reached.
  Poco::Data::Session& session();
  /// The same session, leased on the first call, without beginning the
  /// transaction: for what the session keeps to itself until then (on SQLite,
  /// writes to its own temporary tables, which take no lock).
  Poco::Data::Session& connection();
  Dialect dialect() const { return db_.dialect(); }
  /// True once session() was called.
  bool begun() const { return begun_; }
  /// Commits and gives the session back to the pool. Throws std::logic_error
  /// when the transaction was never begun or is already committed.
  void commit();

 private:
  Database& db_;
  std::optional<SessionLease> lease_;
  bool begun_ = false;
  bool committed_ = false;
};

}  // namespace govsync::host
