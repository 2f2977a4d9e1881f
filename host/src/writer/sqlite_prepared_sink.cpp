#include "writer/sqlite_prepared_sink.hpp"

#include <sqlite3.h>

#include <stdexcept>

#include "writer/upsert_sql.hpp"

namespace govsync::host {
namespace {

class SqlitePreparedSink final : public RowSink {
 public:
  SqlitePreparedSink(sqlite3* db, UpsertShape shape) : db_(db), shape_(std::move(shape)) {
    const auto sql = build_upsert_sql(shape_.table, shape_.columns, shape_.conflict, 1);
    if (sqlite3_prepare_v2(db_, sql.c_str(), static_cast<int>(sql.size()), &statement_, nullptr) != SQLITE_OK) {
      throw std::runtime_error("writer for " + shape_.table + ": cannot prepare the upsert: " + sqlite3_errmsg(db_));
    }
  }
  ~SqlitePreparedSink() override { sqlite3_finalize(statement_); }
  SqlitePreparedSink(const SqlitePreparedSink&) = delete;
  SqlitePreparedSink& operator=(const SqlitePreparedSink&) = delete;

  void write(const std::vector<Value>& prefix, std::vector<Value>& values, std::size_t width) override {
    for (std::size_t start = 0; start + width <= values.size(); start += width) {
      sqlite3_reset(statement_);
      int index = 1;
      for (const auto& value : prefix) bind(index++, value);
      for (std::size_t c = 0; c < width; ++c) bind(index++, values[start + c]);
      if (sqlite3_step(statement_) != SQLITE_DONE) {
        const std::string error = sqlite3_errmsg(db_);
        sqlite3_reset(statement_);
        throw std::runtime_error("writer for " + shape_.table + ": " + error);
      }
    }
    sqlite3_reset(statement_);
  }

 private:
  void bind(int index, const Value& value) {
    // The values outlive the step, so text is bound without a copy.
    const int rc = std::visit(
        [&](const auto& v) {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, std::monostate>) {
            return sqlite3_bind_null(statement_, index);
          } else if constexpr (std::is_same_v<T, std::string>) {
            return sqlite3_bind_text(statement_, index, v.data(), static_cast<int>(v.size()),
                                     nullptr);  // SQLITE_STATIC
          } else if constexpr (std::is_same_v<T, double>) {
            return sqlite3_bind_double(statement_, index, v);
          } else {
            return sqlite3_bind_int64(statement_, index, static_cast<sqlite3_int64>(v));
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
  sqlite3_stmt* statement_ = nullptr;
};

}  // namespace

std::unique_ptr<RowSink> make_sqlite_prepared_sink(sqlite3* db, UpsertShape shape) {
  return std::make_unique<SqlitePreparedSink>(db, std::move(shape));
}

}  // namespace govsync::host
