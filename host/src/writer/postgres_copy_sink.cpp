#include "writer/postgres_copy_sink.hpp"

#include <libpq-fe.h>

#include <functional>
#include <memory>
#include <stdexcept>
#include <variant>

#include "db/postgres_handle.hpp"
#include "writer/copy_text.hpp"
#include "writer/table_turns.hpp"
#include "writer/upsert_sql.hpp"

namespace govsync::host {
namespace {

// COPY data is sent in chunks of about this many bytes.
constexpr std::size_t kChunkBytes = 256 * 1024;
// Batches from this size are copied: straight into the table while it has
// none of the tenant's rows, else into the staging table. Smaller ones are
// upserted with bound statements, which PostgreSQL plans quickly only while
// they are short.
constexpr std::size_t kMinCopyRows = 10;
constexpr const char* kUniqueViolation = "23505";

// How batches reach the table. Upserting is always right; appending (COPY
// straight into the table) is right while no key of the batch is stored yet,
// which holds from the start of a tenant's first sync of a table and is many
// times cheaper for the server (no ON CONFLICT, no second copy of the rows).
enum class Mode { undecided, append, upsert };

// Drops the server's notices (such as "relation already exists, skipping")
// while it lives, instead of libpq printing them on stderr.
class QuietNotices {
 public:
  explicit QuietNotices(PGconn* connection)
      : connection_(connection),
        previous_(PQsetNoticeProcessor(
            connection, [](void*, const char*) {}, nullptr)) {}
  // govsync never installs a processor of its own, so the previous one is
  // libpq's default, which takes no argument.
  ~QuietNotices() { PQsetNoticeProcessor(connection_, previous_, nullptr); }
  QuietNotices(const QuietNotices&) = delete;
  QuietNotices& operator=(const QuietNotices&) = delete;

 private:
  PGconn* connection_;
  PQnoticeProcessor previous_;
};

class PostgresCopySink final : public RowSink {
 public:
  PostgresCopySink(Poco::Data::Session& session, PGconn* connection, UpsertShape shape)
      : connection_(connection), shape_(std::move(shape)), small_batches_(make_bound_batch_sink(session, shape_)) {
    if (shape_.columns.empty() || shape_.columns.front() != "tenant_id")
      throw std::invalid_argument("writer for " + shape_.table + ": tenant_id must be the first column");
    const auto list = column_list(shape_.columns);
    // One staging table per session and (table, columns), kept for the
    // session's later runs: creating a table for every run costs the server
    // catalog writes every other session must then take in. Emptied at every
    // commit, and by DELETE between batches (TRUNCATE would write the catalog).
    // It has the table's column types without its constraints: a NOT NULL or
    // key violation is reported by the INSERT into the table itself.
    const auto staging = "govsync_staging_" + std::to_string(std::hash<std::string>{}(shape_.table + '\n' + list));
    create_and_copy_sql_ = "CREATE TEMPORARY TABLE IF NOT EXISTS " + quote_identifier(staging) +
                           " ON COMMIT DELETE ROWS AS SELECT " + list + " FROM " + quote_identifier(shape_.table) +
                           " WITH NO DATA; COPY " + quote_identifier(staging) + " (" + list + ") FROM STDIN";
    copy_sql_ = "COPY " + quote_identifier(staging) + " (" + list + ") FROM STDIN";
    move_sql_ = build_insert_select_sql(shape_.table, shape_.columns, shape_.conflict, staging) + "; DELETE FROM " +
                quote_identifier(staging);
    probe_sql_ = "SELECT 1 FROM " + quote_identifier(shape_.table) + " WHERE tenant_id = $1 LIMIT 1";
    // The savepoint lets a key the run repeats across batches (a listing that
    // shifted while it was paged) undo the append and go on by upserting.
    append_sql_ = "SAVEPOINT govsync_append; COPY " + quote_identifier(shape_.table) + " (" + list + ") FROM STDIN";
  }

  void write(const std::vector<Value>& prefix, std::vector<Value>& values, std::size_t width) override {
    const std::size_t rows = values.size() / width;
    if (rows < kMinCopyRows) {
      small_batches_->write(prefix, values, width);
      return;
    }
    if (mode_ == Mode::undecided) mode_ = tenant_has_rows(prefix) ? Mode::upsert : Mode::append;
    if (mode_ == Mode::append && append(prefix, values, width)) return;
    if (staged_) {
      copy_in(copy_sql_, prefix, values, width);
    } else {
      const QuietNotices quiet(connection_);  // the session may have it from an earlier run
      copy_in(create_and_copy_sql_, prefix, values, width);
      staged_ = true;
    }
    const TableTurn turn(shape_.table);
    execute(move_sql_, PGRES_COMMAND_OK, "upsert failed");
  }

 private:
  bool tenant_has_rows(const std::vector<Value>& prefix) {
    const auto& tenant = std::get<std::string>(prefix.front());
    const auto result = execute_postgres(connection_, probe_sql_, {tenant.c_str()});
    return PQntuples(result.get()) > 0;
  }

  // Copies the batch straight into the table. False, with the batch undone
  // and the sink upserting from now on, when one of its keys is stored already.
  bool append(const std::vector<Value>& prefix, const std::vector<Value>& values, std::size_t width) {
    const TableTurn turn(shape_.table);
    const auto failure = send_copy(append_sql_, prefix, values, width);
    if (failure.empty()) {
      execute("RELEASE SAVEPOINT govsync_append", PGRES_COMMAND_OK, "cannot release the append savepoint");
      return true;
    }
    if (failure.state != kUniqueViolation)
      throw std::runtime_error("writer for " + shape_.table + ": COPY failed: " + failure.message);
    execute("ROLLBACK TO SAVEPOINT govsync_append; RELEASE SAVEPOINT govsync_append", PGRES_COMMAND_OK,
            "cannot undo the append");
    mode_ = Mode::upsert;
    return false;
  }

  void copy_in(const std::string& sql, const std::vector<Value>& prefix, const std::vector<Value>& values,
               std::size_t width) {
    const auto failure = send_copy(sql, prefix, values, width);
    if (!failure.empty()) throw std::runtime_error("writer for " + shape_.table + ": COPY failed: " + failure.message);
  }

  struct CopyFailure {
    std::string message;
    std::string state;  // SQLSTATE, when the server sent one
    bool empty() const { return message.empty(); }
  };

  // Runs sql, which ends in COPY ... FROM STDIN, and sends the rows.
  CopyFailure send_copy(const std::string& sql, const std::vector<Value>& prefix, const std::vector<Value>& values,
                        std::size_t width) {
    execute(sql, PGRES_COPY_IN, "cannot start COPY");
    std::string chunk;
    chunk.reserve(kChunkBytes + 4096);
    CopyFailure failure;
    for (std::size_t start = 0; start + width <= values.size() && failure.empty(); start += width) {
      for (std::size_t p = 0; p < prefix.size(); ++p) {
        if (p) chunk += '\t';
        append_copy_field(chunk, prefix[p]);
      }
      for (std::size_t c = 0; c < width; ++c) {
        if (c || !prefix.empty()) chunk += '\t';
        append_copy_field(chunk, values[start + c]);
      }
      chunk += '\n';
      if (chunk.size() >= kChunkBytes) {
        if (PQputCopyData(connection_, chunk.data(), static_cast<int>(chunk.size())) != 1)
          failure.message = PQerrorMessage(connection_);
        chunk.clear();
      }
    }
    if (failure.empty() && !chunk.empty() &&
        PQputCopyData(connection_, chunk.data(), static_cast<int>(chunk.size())) != 1) {
      failure.message = PQerrorMessage(connection_);
    }
    if (PQputCopyEnd(connection_, failure.empty() ? nullptr : failure.message.c_str()) != 1 && failure.empty()) {
      failure.message = PQerrorMessage(connection_);
    }
    // Every result of the COPY must be read before the connection takes another command.
    while (PostgresResult result{PQgetResult(connection_)}) {
      if (PQresultStatus(result.get()) != PGRES_COMMAND_OK && failure.empty()) {
        failure.message = describe_postgres_result(result.get());
        if (const char* state = PQresultErrorField(result.get(), PG_DIAG_SQLSTATE)) failure.state = state;
      }
    }
    return failure;
  }

  void execute(const std::string& sql, ExecStatusType expected, const std::string& what) {
    PostgresResult result{PQexec(connection_, sql.c_str())};
    if (!result || PQresultStatus(result.get()) != expected) {
      throw std::runtime_error(
          "writer for " + shape_.table + ": " + what + ": " +
          (result ? describe_postgres_result(result.get()) : std::string(PQerrorMessage(connection_))));
    }
  }

  PGconn* connection_;
  UpsertShape shape_;
  std::string create_and_copy_sql_;
  std::string copy_sql_;
  std::string move_sql_;
  std::string probe_sql_;
  std::string append_sql_;
  std::unique_ptr<RowSink> small_batches_;
  bool staged_ = false;
  Mode mode_ = Mode::undecided;
};

}  // namespace

std::unique_ptr<RowSink> make_postgres_copy_sink(Poco::Data::Session& session, pg_conn* connection, UpsertShape shape) {
  return std::make_unique<PostgresCopySink>(session, connection, std::move(shape));
}

}  // namespace govsync::host
