#pragma once
// A database: its dialect, a bounded pool of sessions, and transactions.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include <Poco/Data/Session.h>

#include "common/result.hpp"
#include "db/sqlite_writer_file.hpp"

namespace govsync::host {

enum class Dialect { sqlite, postgresql };

/// Seconds a PostgreSQL connection attempt may take when the URL does not set connect_timeout.
inline constexpr int kConnectTimeoutSeconds = 10;

/// A PostgreSQL conninfo (key=value or URI) with connect_timeout added when it has none.
std::string with_connect_timeout(const std::string& conninfo);

/// "sqlite" or "postgresql".
std::string_view dialect_name(Dialect dialect);

/// A parsed `[database] url`: sqlite:PATH or postgresql:CONNINFO.
struct DatabaseUrl {
  Dialect dialect = Dialect::sqlite;
  std::string connection;
  /// The URL with any password replaced, for messages.
  std::string redacted() const;
};

Result<DatabaseUrl> parse_database_url(const std::string& url);

/// Replaces password=... in any text (driver errors can quote the connection string).
std::string redact_connection_secrets(const std::string& text);

class Database;

/// A session borrowed from the pool. It goes back when the lease ends, unless
/// discard() was called: a session that failed is never handed out again.
class SessionLease {
 public:
  SessionLease(Database& owner, std::unique_ptr<Poco::Data::Session> session);
  SessionLease(SessionLease&& other) noexcept;
  SessionLease& operator=(SessionLease&&) = delete;
  SessionLease(const SessionLease&) = delete;
  SessionLease& operator=(const SessionLease&) = delete;
  ~SessionLease();

  Poco::Data::Session& session() { return *session_; }
  /// Closes the session instead of returning it to the pool.
  void discard();

 private:
  Database* owner_;
  std::unique_ptr<Poco::Data::Session> session_;
};

/// One database with a bounded session pool. Thread-safe.
class Database {
 public:
  /// sqlite_busy_timeout: how long a SQLite statement waits for another
  /// connection's write lock before it fails, and how long lease() waits for
  /// a free session on either backend.
  Database(DatabaseUrl url, std::size_t max_sessions,
           std::chrono::milliseconds sqlite_busy_timeout = std::chrono::seconds(60));
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  Dialect dialect() const { return url_.dialect; }
  const DatabaseUrl& url() const { return url_; }

  /// PostgreSQL: every session opened from now on cancels a statement of its
  /// own that takes longer (the host's ledger, probes and queries, so that a
  /// locked or hung table fails them instead of stopping them for good).
  /// Zero: no limit. Runs and migrations lift it for their own work.
  void set_statement_timeout(std::chrono::milliseconds timeout) { statement_timeout_ms_ = timeout.count(); }
  std::chrono::milliseconds statement_timeout() const {
    return std::chrono::milliseconds(statement_timeout_ms_.load());
  }
  /// PostgreSQL: no statement timeout on this session, for the rest of its
  /// transaction (`transaction`) or for good (the caller discards it after).
  /// True when there was one to lift.
  bool lift_statement_timeout(Poco::Data::Session& session, bool transaction) const;

  /// Borrows a session, opening one if the pool has room, else waiting for one
  /// (at most sqlite_busy_timeout). Throws Poco::Exception when the database
  /// cannot be reached (a PostgreSQL connection gives up after connect_timeout,
  /// 10 s unless the URL sets it) or no session came free in time.
  SessionLease lease();

  /// Opens sessions, all at once, until `wanted` are open (never more than the
  /// pool's limit), and keeps them idle for the runs about to start: their
  /// connections are paid for together before the first run instead of by
  /// the runs. Returns the first error when one could not be opened; the
  /// runs then open sessions as they need them, as they would have anyway.
  std::string open_ahead(std::size_t wanted);

  /// Begins a write transaction on a leased session. On SQLite, which has one
  /// writer at a time, this also takes the process's writer lock and the
  /// writer file's lock shared with other processes (both released by commit
  /// or rollback), so concurrent runs wait for each other instead of failing
  /// with SQLITE_BUSY or polling for the lock.
  void begin(Poco::Data::Session& session);
  void commit(Poco::Data::Session& session);
  /// Rolls back; never throws (a failed rollback only means the session is lost).
  void rollback(Poco::Data::Session& session) noexcept;

  /// Sessions currently open (leased or idle), and the most ever open at once.
  std::size_t open_sessions() const;
  std::size_t peak_sessions() const;
  /// Sessions closed instead of returned because they failed.
  std::size_t discarded_sessions() const;

 private:
  friend class SessionLease;
  std::unique_ptr<Poco::Data::Session> open_session();
  void give_back(std::unique_ptr<Poco::Data::Session> session);
  void forget_one(bool discarded);
  void release_writer_lock(const Poco::Data::Session& session);

  DatabaseUrl url_;
  std::size_t max_sessions_;
  std::chrono::milliseconds sqlite_busy_timeout_;
  std::atomic<std::chrono::milliseconds::rep> statement_timeout_ms_{0};
  mutable std::mutex mutex_;
  std::condition_variable available_;
  struct IdleSession {
    std::unique_ptr<Poco::Data::Session> session;
    std::chrono::steady_clock::time_point since;
  };
  std::vector<IdleSession> idle_;
  std::size_t open_ = 0;
  std::size_t peak_ = 0;
  std::size_t discarded_ = 0;
  std::mutex sqlite_open_mutex_;
  std::mutex sqlite_writer_;
  SqliteWriterFile sqlite_writer_file_;  // the same turn across processes (worker processes)
  // Written only by the thread that holds sqlite_writer_.
  const Poco::Data::Session* sqlite_writer_holder_ = nullptr;
};

/// The SQL expression for "now" as stored in timestamp columns.
std::string_view sql_now(Dialect dialect);

/// A transaction on a leased session that rolls back unless committed.
class Transaction {
 public:
  Transaction(Database& db, Poco::Data::Session& session);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit();

 private:
  Database& db_;
  Poco::Data::Session& session_;
  bool open_ = true;
};

/// Runs `work` on a leased session in a transaction of its own: committed
/// when it returns, rolled back (and the session discarded) when it throws.
/// Returns what `work` returns (e.g. the rows it changed).
std::size_t in_transaction(Database& db, const std::function<std::size_t(Poco::Data::Session&)>& work);

/// Runs `work`, which runs a single statement, on a leased session. On
/// PostgreSQL the statement is its own transaction (no BEGIN and COMMIT round
/// trips); on SQLite it runs in a transaction under the writer lock. The
/// session is discarded when `work` throws. Returns what `work` returns.
std::size_t one_statement(Database& db, const std::function<std::size_t(Poco::Data::Session&)>& work);

}  // namespace govsync::host
