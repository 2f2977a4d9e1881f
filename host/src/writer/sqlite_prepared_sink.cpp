#include "writer/sqlite_prepared_sink.hpp"

#include <sqlite3.h>

#include <atomic>
#include <stdexcept>

#include "writer/upsert_sql.hpp"

namespace govsync::host {
namespace {

class SqlitePreparedSink final : public RowSink {
 public:
  SqlitePreparedSink(sqlite3* db, UpsertShape shape) : db_(db), shape_(std::move(shape)) {
    static std::atomic<std::uint64_t> staging_tables{0};
    staging_ = "govsync_staging_" + std::to_string(++staging_tables);
  }
  ~SqlitePreparedSink() override {
    sqlite3_finalize(upsert_);
    sqlite3_finalize(stage_);
  }
  SqlitePreparedSink(const SqlitePreparedSink&) = delete;
  SqlitePreparedSink& operator=(const SqlitePreparedSink&) = delete;

  void write(const std::vector<Value>& prefix, std::vector<Value>& values, std::size_t width) override {
    if (sqlite3_get_autocommit(db_) == 0) {  // inside the run's transaction
      finish();                              // the staged rows are older than these
      if (upsert_ == nullptr) upsert_ = prepare(build_upsert_sql(shape_.table, shape_.columns, shape_.conflict, 1));
      step_rows(upsert_, prefix, values, width);
      return;
    }
    // Before the run's transaction: into a temporary table of the connection,
    // which takes no lock, so other runs write meanwhile.
    if (stage_ == nullptr) {
      const auto list = column_list(shape_.columns);
      // No declared types: the values reach the table as bound, as a direct upsert would write them.
      run("CREATE TEMPORARY TABLE " + quote_identifier(staging_) + " (" + list + ")",
          "cannot create the staging table");
      std::string sql = "INSERT INTO " + quote_identifier(staging_) + " (" + list + ") VALUES (";
      for (std::size_t c = 0; c < shape_.columns.size(); ++c) sql += c ? ", ?" : "?";
      stage_ = prepare(sql + ")");
    }
    run("BEGIN", "cannot begin the staging transaction");
    try {
      step_rows(stage_, prefix, values, width);
      run("COMMIT", "cannot commit the staged rows");
    } catch (...) {
      sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
      throw;
    }
  }

  void finish() override {
    if (stage_ == nullptr) return;
    sqlite3_finalize(stage_);
    stage_ = nullptr;
    // In staging order: a key staged twice keeps its later row.
    run(build_insert_select_sql(shape_.table, shape_.columns, shape_.conflict, staging_, "rowid"), "");
    run("DROP TABLE " + quote_identifier(staging_), "cannot drop the staging table");
  }

 private:
  sqlite3_stmt* prepare(const std::string& sql) {
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), static_cast<int>(sql.size()), &statement, nullptr) != SQLITE_OK) {
      throw std::runtime_error("writer for " + shape_.table + ": cannot prepare a statement: " + sqlite3_errmsg(db_));
    }
    return statement;
  }

  // Runs a statement without results; `what` (when given) prefixes the error.
  void run(const std::string& sql, const std::string& what) {
    char* error = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
      const std::string message = error != nullptr ? error : sqlite3_errmsg(db_);
      sqlite3_free(error);
      throw std::runtime_error("writer for " + shape_.table + ": " + (what.empty() ? "" : what + ": ") + message);
    }
  }

  void step_rows(sqlite3_stmt* statement, const std::vector<Value>& prefix, const std::vector<Value>& values,
                 std::size_t width) {
    for (std::size_t start = 0; start + width <= values.size(); start += width) {
      sqlite3_reset(statement);
      int index = 1;
      for (const auto& value : prefix) bind(statement, index++, value);
      for (std::size_t c = 0; c < width; ++c) bind(statement, index++, values[start + c]);
      if (sqlite3_step(statement) != SQLITE_DONE) {
        const std::string error = sqlite3_errmsg(db_);
        sqlite3_reset(statement);
        throw std::runtime_error("writer for " + shape_.table + ": " + error);
      }
    }
    sqlite3_reset(statement);
  }

  void bind(sqlite3_stmt* statement, int index, const Value& value) {
    // The values outlive the step, so text is bound without a copy.
    const int rc = std::visit(
        [&](const auto& v) {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, std::monostate>) {
            return sqlite3_bind_null(statement, index);
          } else if constexpr (std::is_same_v<T, std::string>) {
            return sqlite3_bind_text(statement, index, v.data(), static_cast<int>(v.size()),
                                     nullptr);  // SQLITE_STATIC
          } else if constexpr (std::is_same_v<T, double>) {
            return sqlite3_bind_double(statement, index, v);
          } else {
            return sqlite3_bind_int64(statement, index, static_cast<sqlite3_int64>(v));
          }
        },
        value);
    if (rc != SQLITE_OK) {
      throw std::runtime_error("writer for " + shape_.table + ": cannot bind parameter " + std::to_string(index) +
                               ": " + sqlite3_errmsg(db_));
    }
  }

  sqlite3* db_;
  UpsertShape shape_;
  std::string staging_;             // the name of the staging table
  sqlite3_stmt* upsert_ = nullptr;  // into the table, inside the run's transaction
  sqlite3_stmt* stage_ = nullptr;   // into the staging table, before it; null when nothing is staged
};

}  // namespace

std::unique_ptr<RowSink> make_sqlite_prepared_sink(sqlite3* db, UpsertShape shape) {
  return std::make_unique<SqlitePreparedSink>(db, std::move(shape));
}

}  // namespace govsync::host
