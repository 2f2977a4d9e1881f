#include "writer/postgres_copy_sink.hpp"

#include <Poco/Exception.h>
#include <libpq-fe.h>

#include <map>
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
// Batches from this size are appended by COPY while the table has none of the
// tenant's rows, else upserted as one array per column. Smaller ones are
// upserted with bound statements: one row's statement is as quick to plan,
// and needs no savepoint or probe.
constexpr std::size_t kMinCopyRows = 10;
constexpr const char* kUniqueViolation = "23505";

// How batches reach the table. Upserting is always right; appending (COPY
// straight into the table) is right while no key of the batch is stored yet,
// which holds from the start of a tenant's first sync of a table and is many
// times cheaper for the server (no ON CONFLICT, no casts).
enum class Mode { undecided, append, upsert };

// The live types of the table's columns, by name: the type's own qualified
// name without a modifier (pg_catalog.bpchar for CHAR(3)), so a cast to it
// never cuts a value, and the column's width is checked when the value is
// assigned to it, as COPY checks it. (Names such as "character" or "bit"
// would mean CHAR(1) and BIT(1) in a cast, which cuts.)
std::map<std::string, std::string> column_types(PGconn* connection, const std::string& table) {
  const auto result =
      execute_postgres(connection,
                       "SELECT a.attname::text, format('%I.%I', n.nspname, t.typname) FROM pg_attribute AS a "
                       "JOIN pg_type AS t ON t.oid = a.atttypid JOIN pg_namespace AS n ON n.oid = t.typnamespace "
                       "WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped",
                       {quote_identifier(table).c_str()});
  std::map<std::string, std::string> types;
  for (int row = 0; row < PQntuples(result.get()); ++row)
    types.emplace(PQgetvalue(result.get(), row, 0), PQgetvalue(result.get(), row, 1));
  return types;
}

class PostgresCopySink final : public RowSink {
 public:
  PostgresCopySink(Poco::Data::Session& session, PGconn* connection, UpsertShape shape)
      : connection_(connection), shape_(std::move(shape)), small_batches_(make_bound_batch_sink(session, shape_)) {
    if (shape_.columns.empty() || shape_.columns.front() != "tenant_id")
      throw std::invalid_argument("writer for " + shape_.table + ": tenant_id must be the first column");
    const auto list = column_list(shape_.columns);
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
    upsert_arrays(prefix, values, width);
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

  // One statement whatever the batch's size, so the server plans it as
  // quickly for 5,000 rows as for 10: the prefix as scalars, then one array
  // of texts per column, unnested and cast to the column's type. The types
  // are read when the run first upserts into the table, so they are those
  // of the live schema. Each text is read by its type's input function, as
  // COPY reads it; one difference: an INTERVAL declared with fields (INTERVAL
  // DAY) reads a number without a unit as seconds here, in that unit in COPY.
  void upsert_arrays(const std::vector<Value>& prefix, const std::vector<Value>& values, std::size_t width) {
    if (prefix.size() + width != shape_.columns.size() || width == 0)
      throw std::logic_error("writer for " + shape_.table + ": a batch's columns do not match the writer's");
    std::vector<std::string> texts(prefix.size() + width);
    for (std::size_t p = 0; p < prefix.size(); ++p) append_text_form(texts[p], prefix[p]);
    for (std::size_t c = 0; c < width; ++c) {
      auto& array = texts[prefix.size() + c];
      array += '{';
      for (std::size_t start = c; start < values.size(); start += width) {
        if (const auto* text = std::get_if<std::string>(&values[start]);
            text != nullptr && text->find('\0') != std::string::npos) {
          throw std::runtime_error("writer for " + shape_.table + ": column \"" + shape_.columns[prefix.size() + c] +
                                   "\": a text holds a NUL byte, which PostgreSQL cannot store");
        }
        if (start != c) array += ',';
        append_array_element(array, values[start]);
      }
      array += '}';
    }
    std::vector<const char*> parameters;
    parameters.reserve(texts.size());
    for (std::size_t i = 0; i < texts.size(); ++i)
      parameters.push_back(i < prefix.size() && std::holds_alternative<std::monostate>(prefix[i]) ? nullptr
                                                                                                  : texts[i].c_str());
    try {
      if (upsert_sql_.empty()) upsert_sql_ = array_upsert_sql(prefix.size());
      const TableTurn turn(shape_.table);
      execute_postgres(connection_, upsert_sql_, parameters);
    } catch (const Poco::Exception& e) {
      throw std::runtime_error("writer for " + shape_.table + ": upsert failed: " + e.message());
    }
  }

  std::string array_upsert_sql(std::size_t prefix_size) const {
    const auto types = column_types(connection_, shape_.table);
    std::vector<std::string> column_types_in_order;
    for (const auto& column : shape_.columns) {
      const auto found = types.find(column);
      if (found == types.end())
        throw std::runtime_error("writer for " + shape_.table + ": the table has no column \"" + column + "\"");
      column_types_in_order.push_back(found->second);
    }
    return build_array_upsert_sql(shape_.table, shape_.columns, column_types_in_order, shape_.conflict, prefix_size);
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
  std::string probe_sql_;
  std::string append_sql_;
  std::string upsert_sql_;  // built at the first upsert
  std::unique_ptr<RowSink> small_batches_;
  Mode mode_ = Mode::undecided;
};

}  // namespace

std::unique_ptr<RowSink> make_postgres_copy_sink(Poco::Data::Session& session, pg_conn* connection, UpsertShape shape) {
  return std::make_unique<PostgresCopySink>(session, connection, std::move(shape));
}

}  // namespace govsync::host
