#include "db/database.hpp"

#include <Poco/Data/PostgreSQL/Connector.h>
#include <Poco/Data/PostgreSQL/PostgreSQLException.h>
#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/SQLite/SessionImpl.h>
#include <Poco/Exception.h>

#include <algorithm>
#include <regex>
#include <system_error>
#include <thread>

#include "db/postgres_handle.hpp"
#include "db/sqlite_functions.hpp"

namespace govsync::host {
namespace {

using Poco::Data::Keywords::now;

constexpr auto kCheckIdleAfter = std::chrono::seconds(10);

bool still_alive(Poco::Data::Session& session) {
  try {
    session << "SELECT 1", now;
    return true;
  } catch (...) {
    return false;
  }
}

void register_connectors() {
  static std::once_flag once;
  std::call_once(once, [] {
    Poco::Data::SQLite::Connector::registerConnector();
    Poco::Data::PostgreSQL::Connector::registerConnector();
  });
}

}  // namespace

std::string_view dialect_name(Dialect dialect) { return dialect == Dialect::sqlite ? "sqlite" : "postgresql"; }

std::string redact_connection_secrets(const std::string& text) {
  // key=value conninfo, and a URI's query: password=...
  static const std::regex password("password\\s*=\\s*('[^']*'|[^\\s'\"]+)", std::regex::icase);
  // A URI's user information: postgresql://user:secret@host/db
  static const std::regex userinfo(R"(([a-z][a-z0-9+.-]*://[^:/@\s]*):[^@\s]*@)", std::regex::icase);
  return std::regex_replace(std::regex_replace(text, password, "password=***"), userinfo, "$1:***@");
}

std::string DatabaseUrl::redacted() const {
  return std::string(dialect_name(dialect)) + ":" + redact_connection_secrets(connection);
}

Result<DatabaseUrl> parse_database_url(const std::string& url) {
  if (url.rfind("sqlite:", 0) == 0 && url.size() > 7) return DatabaseUrl{Dialect::sqlite, url.substr(7)};
  if (url.rfind("postgresql:", 0) == 0 && url.size() > 11) return DatabaseUrl{Dialect::postgresql, url.substr(11)};
  return Error{"database url must be sqlite:PATH or postgresql:CONNINFO"};
}

std::string with_connect_timeout(const std::string& conninfo) {
  // A server that does not answer (down, or stopped) fails the connection
  // within connect_timeout instead of hanging it.
  if (conninfo.find("connect_timeout") != std::string::npos) return conninfo;
  const auto timeout = "connect_timeout=" + std::to_string(kConnectTimeoutSeconds);
  if (conninfo.rfind("postgres", 0) == 0) {  // a URI: postgresql://host/db?...
    return conninfo + (conninfo.find('?') == std::string::npos ? "?" : "&") + timeout;
  }
  return conninfo + " " + timeout;
}

std::string_view sql_now(Dialect dialect) {
  // clock_timestamp(), not now(): inside a run's transaction now() is when the transaction began.
  return dialect == Dialect::sqlite ? "strftime('%Y-%m-%dT%H:%M:%fZ','now')" : "clock_timestamp()";
}

SessionLease::SessionLease(Database& owner, std::unique_ptr<Poco::Data::Session> session)
    : owner_(&owner), session_(std::move(session)) {}

SessionLease::SessionLease(SessionLease&& other) noexcept : owner_(other.owner_), session_(std::move(other.session_)) {}

SessionLease::~SessionLease() {
  if (session_) owner_->give_back(std::move(session_));
}

void SessionLease::discard() {
  if (!session_) return;
  try {
    session_->close();
  } catch (...) {  // NOLINT(bugprone-empty-catch): the session is being thrown away
  }
  session_.reset();
  owner_->forget_one(true);
}

Database::Database(DatabaseUrl url, std::size_t max_sessions, std::chrono::milliseconds sqlite_busy_timeout)
    : url_(std::move(url)),
      max_sessions_(max_sessions == 0 ? 1 : max_sessions),
      sqlite_busy_timeout_(sqlite_busy_timeout),
      sqlite_writer_file_(url_.dialect == Dialect::sqlite ? url_.connection : ":memory:") {
  register_connectors();
}

Database::~Database() = default;

std::unique_ptr<Poco::Data::Session> Database::open_session() {
  if (url_.dialect == Dialect::sqlite) {
    // Switching a new file to WAL takes an exclusive lock that the busy
    // handler does not wait for: open one connection at a time, and retry
    // briefly in case another process is doing the same.
    std::lock_guard serial(sqlite_open_mutex_);
    auto session = std::make_unique<Poco::Data::Session>(Poco::Data::SQLite::Connector::KEY, url_.connection);
    *session << "PRAGMA busy_timeout = " + std::to_string(sqlite_busy_timeout_.count()), now;
    *session << "PRAGMA foreign_keys = ON", now;
    register_sqlite_functions(*session);
    for (int attempt = 1;; ++attempt) {
      try {
        *session << "PRAGMA journal_mode = WAL", now;
        break;
      } catch (const Poco::Exception&) {
        if (attempt == 50) throw;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
    }
    *session << "PRAGMA synchronous = NORMAL", now;
    return session;
  }
  auto session = std::make_unique<Poco::Data::Session>(Poco::Data::PostgreSQL::Connector::KEY,
                                                       with_connect_timeout(url_.connection));
  log_postgres_notices(postgres_handle(*session));
  if (const auto limit = statement_timeout_ms_.load(); limit > 0) {
    *session << "SET statement_timeout = " + std::to_string(limit), now;
  }
  return session;
}

bool Database::lift_statement_timeout(Poco::Data::Session& session, bool transaction) const {
  if (url_.dialect != Dialect::postgresql || statement_timeout_ms_.load() == 0) return false;
  session << (transaction ? "SET LOCAL statement_timeout = 0" : "SET statement_timeout = 0"), now;
  return true;
}

SessionLease Database::lease() {
  std::unique_lock lock(mutex_);
  // Every wait is bounded: a pool whose sessions all hang (a stopped server)
  // fails the next caller instead of blocking it for good.
  if (!available_.wait_for(lock, sqlite_busy_timeout_, [&] { return !idle_.empty() || open_ < max_sessions_; })) {
    throw Poco::TimeoutException("no database session came free within " +
                                 std::to_string(sqlite_busy_timeout_.count()) + " ms (all " +
                                 std::to_string(max_sessions_) + " are in use)");
  }
  if (!idle_.empty()) {
    auto idle = std::move(idle_.back());
    idle_.pop_back();
    lock.unlock();
    // A session idle for a while may have lost its server (restart, failover):
    // check it before handing it out, and open a fresh one if it is gone.
    if (std::chrono::steady_clock::now() - idle.since < kCheckIdleAfter || still_alive(*idle.session)) {
      return SessionLease(*this, std::move(idle.session));
    }
    try {
      idle.session->close();
    } catch (...) {  // NOLINT(bugprone-empty-catch): it is being replaced
    }
    try {
      return SessionLease(*this, open_session());
    } catch (...) {
      forget_one(false);
      throw;
    }
  }
  ++open_;
  peak_ = std::max(peak_, open_);
  lock.unlock();
  try {
    return SessionLease(*this, open_session());
  } catch (...) {
    forget_one(false);
    throw;
  }
}

std::string Database::open_ahead(std::size_t wanted) {
  std::size_t to_open = 0;
  {
    std::lock_guard lock(mutex_);
    const std::size_t target = std::min(wanted, max_sessions_);
    to_open = target > open_ ? target - open_ : 0;
    open_ += to_open;  // each place is given back or forgotten below
    peak_ = std::max(peak_, open_);
  }
  std::mutex errors_mutex;
  std::string first_error;
  const auto note = [&](const std::string& error) {
    std::lock_guard lock(errors_mutex);
    if (first_error.empty()) first_error = redact_connection_secrets(error);
  };
  std::vector<std::jthread> openers;
  openers.reserve(to_open);
  for (std::size_t i = 0; i < to_open; ++i) {
    try {
      openers.emplace_back([&] {
        try {
          give_back(open_session());
          return;
        } catch (const Poco::Exception& e) {
          note(e.displayText());
        } catch (const std::exception& e) {
          note(e.what());
        }
        forget_one(false);
      });
    } catch (const std::system_error& e) {  // no thread for it: the place is not taken after all
      note(e.what());
      forget_one(false);
    }
  }
  openers.clear();  // joins
  return first_error;
}

void Database::give_back(std::unique_ptr<Poco::Data::Session> session) {
  {
    std::lock_guard lock(mutex_);
    idle_.push_back({std::move(session), std::chrono::steady_clock::now()});
  }
  available_.notify_one();
}

void Database::forget_one(bool discarded) {
  {
    std::lock_guard lock(mutex_);
    --open_;
    if (discarded) ++discarded_;
  }
  available_.notify_one();
}

std::size_t Database::open_sessions() const {
  std::lock_guard lock(mutex_);
  return open_;
}

std::size_t Database::discarded_sessions() const {
  std::lock_guard lock(mutex_);
  return discarded_;
}

std::size_t Database::peak_sessions() const {
  std::lock_guard lock(mutex_);
  return peak_;
}

void Database::begin(Poco::Data::Session& session) {
  if (url_.dialect == Dialect::sqlite) {
    sqlite_writer_.lock();
    sqlite_writer_file_.lock();
    sqlite_writer_holder_ = &session;
    try {
      session << "BEGIN IMMEDIATE", now;
    } catch (...) {
      release_writer_lock(session);
      throw;
    }
    return;
  }
  session.begin();
}

void Database::commit(Poco::Data::Session& session) {
  if (url_.dialect == Dialect::sqlite) {
    session << "COMMIT", now;  // on failure the caller rolls back, which releases the lock
    release_writer_lock(session);
    return;
  }
  // After a failed statement PostgreSQL turns COMMIT into ROLLBACK without an
  // error the driver reports, and a COPY left open would be aborted by it:
  // libpq knows the transaction's state without asking the server.
  if (auto* connection = postgres_handle(session); connection != nullptr) {
    const auto state = PQtransactionStatus(connection);
    if (state == PQTRANS_INERROR) {
      throw Poco::Data::PostgreSQL::TransactionException(
          "a statement of this transaction failed, so PostgreSQL rolled it back; nothing was committed");
    }
    if (state != PQTRANS_INTRANS) {
      throw Poco::Data::PostgreSQL::TransactionException(
          state == PQTRANS_ACTIVE ? "a command of this transaction is still in progress; nothing was committed"
                                  : "the session is not in a transaction any more; nothing was committed");
    }
  }
  session.commit();
}

void Database::rollback(Poco::Data::Session& session) noexcept {
  try {
    if (url_.dialect == Dialect::sqlite) {
      session << "ROLLBACK", now;
    } else {
      session.rollback();
    }
  } catch (...) {  // NOLINT(bugprone-empty-catch): the caller discards the session
  }
  if (url_.dialect == Dialect::sqlite) release_writer_lock(session);
}

void Database::release_writer_lock(const Poco::Data::Session& session) {
  // Only the session that took the lock releases it, and only once.
  if (sqlite_writer_holder_ != &session) return;
  sqlite_writer_holder_ = nullptr;
  sqlite_writer_file_.unlock();
  sqlite_writer_.unlock();
}

Transaction::Transaction(Database& db, Poco::Data::Session& session) : db_(db), session_(session) {
  db_.begin(session_);
}

Transaction::~Transaction() {
  if (open_) db_.rollback(session_);
}

void Transaction::commit() {
  db_.commit(session_);
  open_ = false;
}

std::size_t in_transaction(Database& db, const std::function<std::size_t(Poco::Data::Session&)>& work) {
  auto lease = db.lease();
  try {
    Transaction tx(db, lease.session());
    const auto result = work(lease.session());
    tx.commit();
    return result;
  } catch (...) {
    lease.discard();
    throw;
  }
}

std::size_t one_statement(Database& db, const std::function<std::size_t(Poco::Data::Session&)>& work) {
  if (db.dialect() == Dialect::sqlite) return in_transaction(db, work);
  auto lease = db.lease();
  try {
    return work(lease.session());
  } catch (...) {
    lease.discard();
    throw;
  }
}

}  // namespace govsync::host
