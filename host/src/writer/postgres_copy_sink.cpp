#include "writer/postgres_copy_sink.hpp"

#include <libpq-fe.h>

#include <atomic>
#include <memory>
#include <stdexcept>

#include "writer/copy_text.hpp"
#include "writer/upsert_sql.hpp"

namespace govsync::host {
namespace {

// Rows per batch: no parameter limit applies to COPY, and the batch is the
// writer's only buffer, so its memory stays fixed however many rows a run writes.
constexpr std::size_t kBatchRows = 5000;
// COPY data is sent in chunks of about this many bytes.
constexpr std::size_t kChunkBytes = 256 * 1024;
// Batches smaller than this are written with bound statements.
constexpr std::size_t kMinCopyRows = 100;

struct ResultFree {
  void operator()(PGresult* result) const { PQclear(result); }
};
using Result = std::unique_ptr<PGresult, ResultFree>;

class PostgresCopySink final : public RowSink {
 public:
  PostgresCopySink(Poco::Data::Session& session, PGconn* connection, UpsertShape shape)
      : connection_(connection), shape_(std::move(shape)), small_batches_(make_bound_batch_sink(session, shape_)) {
    static std::atomic<std::uint64_t> staging_tables{0};
    staging_ = "govsync_staging_" + std::to_string(++staging_tables);
    const auto list = column_list(shape_.columns);
    // The table's column types without its constraints: a NOT NULL or key
    // violation is reported by the INSERT into the table itself.
    create_sql_ = "CREATE TEMPORARY TABLE " + quote_identifier(staging_) + " ON COMMIT DROP AS SELECT " + list +
                  " FROM " + quote_identifier(shape_.table) + " WITH NO DATA";
    copy_sql_ = "COPY " + quote_identifier(staging_) + " (" + list + ") FROM STDIN";
    move_sql_ = build_insert_select_sql(shape_.table, shape_.columns, shape_.conflict, staging_);
    empty_sql_ = "TRUNCATE " + quote_identifier(staging_);
  }

  std::size_t batch_rows() const override { return kBatchRows; }

  void write(const std::vector<Value>& prefix, std::vector<Value>& values, std::size_t width) override {
    if (values.size() < kMinCopyRows * width) {
      small_batches_->write(prefix, values, width);
      return;
    }
    if (!staged_) {
      execute(create_sql_, PGRES_COMMAND_OK, "cannot create the staging table");
      staged_ = true;
    }
    copy_in(prefix, values, width);
    execute(move_sql_, PGRES_COMMAND_OK, "upsert failed");
    execute(empty_sql_, PGRES_COMMAND_OK, "cannot empty the staging table");
  }

 private:
  void copy_in(const std::vector<Value>& prefix, const std::vector<Value>& values, std::size_t width) {
    execute(copy_sql_, PGRES_COPY_IN, "cannot start COPY");
    std::string chunk;
    chunk.reserve(kChunkBytes + 4096);
    std::string failure;
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
          failure = PQerrorMessage(connection_);
        chunk.clear();
      }
    }
    if (failure.empty() && !chunk.empty() &&
        PQputCopyData(connection_, chunk.data(), static_cast<int>(chunk.size())) != 1) {
      failure = PQerrorMessage(connection_);
    }
    if (PQputCopyEnd(connection_, failure.empty() ? nullptr : failure.c_str()) != 1 && failure.empty()) {
      failure = PQerrorMessage(connection_);
    }
    // Every result of the COPY must be read before the connection takes another command.
    while (Result result{PQgetResult(connection_)}) {
      if (PQresultStatus(result.get()) != PGRES_COMMAND_OK && failure.empty()) failure = describe(result.get());
    }
    if (!failure.empty()) throw std::runtime_error("writer for " + shape_.table + ": COPY failed: " + failure);
  }

  void execute(const std::string& sql, ExecStatusType expected, const std::string& what) {
    Result result{PQexec(connection_, sql.c_str())};
    if (!result || PQresultStatus(result.get()) != expected) {
      throw std::runtime_error("writer for " + shape_.table + ": " + what + ": " +
                               (result ? describe(result.get()) : std::string(PQerrorMessage(connection_))));
    }
  }

  static std::string describe(const PGresult* result) {
    std::string message = PQresultErrorMessage(result);
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
    if (const char* state = PQresultErrorField(result, PG_DIAG_SQLSTATE))
      message += std::string(" (State: ") + state + ")";
    return message;
  }

  PGconn* connection_;
  UpsertShape shape_;
  std::string staging_;
  std::string create_sql_;
  std::string copy_sql_;
  std::string move_sql_;
  std::string empty_sql_;
  std::unique_ptr<RowSink> small_batches_;
  bool staged_ = false;
};

}  // namespace

std::unique_ptr<RowSink> make_postgres_copy_sink(Poco::Data::Session& session, pg_conn* connection, UpsertShape shape) {
  return std::make_unique<PostgresCopySink>(session, connection, std::move(shape));
}

}  // namespace govsync::host
