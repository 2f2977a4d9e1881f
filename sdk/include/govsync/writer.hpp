#pragma once
/// \file
/// The table writer: how a plugin stores rows. The writer upserts by natural
/// key inside the run's transaction, stamps tenant_id, and fits every bounded
/// text column through the truncator, so a plugin cannot forget to.

#include <concepts>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include <govsync/timestamp.hpp>

namespace govsync {

/// One column value: SQL NULL, text, integer, floating point or boolean.
using Value = std::variant<std::monostate, std::string, std::int64_t, double, bool>;

/// One row to upsert: column names with values. tenant_id is stamped by the
/// writer and must not be set by the plugin.
class Row {
 public:
  /// Sets a text column.
  Row& set(std::string column, std::string value) { return put(std::move(column), Value{std::move(value)}); }
  /// Sets a text column from a string view.
  Row& set(std::string column, std::string_view value) { return set(std::move(column), std::string(value)); }
  /// Sets a text column from a C string.
  Row& set(std::string column, const char* value) { return set(std::move(column), std::string(value)); }
  /// Sets an integer column.
  template <std::integral T>
  requires(!std::same_as<T, bool>) Row& set(std::string column, T value) {
    return put(std::move(column), Value{static_cast<std::int64_t>(value)});
  }
  /// Sets a floating point column.
  Row& set(std::string column, double value) { return put(std::move(column), Value{value}); }
  /// Sets a boolean column.
  Row& set(std::string column, bool value) { return put(std::move(column), Value{value}); }
  /// Sets a timestamp column (stored as format_timestamp() gives it; throws
  /// std::out_of_range outside the years 0001 to 9999). (SDK 1.2)
  Row& set(std::string column, Timestamp value) { return set(std::move(column), format_timestamp(value)); }
  /// Sets a column to SQL NULL.
  Row& set(std::string column, std::nullopt_t) { return put(std::move(column), Value{}); }
  /// Sets a column to a value, or to SQL NULL when the optional is empty.
  template <typename T>
  Row& set(std::string column, const std::optional<T>& value) {
    return value ? set(std::move(column), *value) : set(std::move(column), std::nullopt);
  }
  /// The columns set so far, in the order they were set.
  const std::vector<std::pair<std::string, Value>>& cells() const { return cells_; }

 private:
  Row& put(std::string column, Value value) {
    for (auto& cell : cells_) {
      if (cell.first == column) {
        cell.second = std::move(value);
        return *this;
      }
    }
    cells_.emplace_back(std::move(column), std::move(value));
    return *this;
  }
  std::vector<std::pair<std::string, Value>> cells_;
};

/// How a writer identifies and keeps rows.
struct WriterOptions {
  /// The natural key columns (without tenant_id, which the writer adds). The
  /// table needs a primary key or unique constraint on (tenant_id, keys...).
  std::vector<std::string> key_columns;
  /// When true, rows of this tenant that the run did not write are deleted
  /// when the run commits. The table needs a `sync_run_id` column.
  bool delete_unseen = false;
};

/// Writes rows into one table for the run's tenant. Obtained from
/// RunContext::writer(); lives until the run ends.
///
/// A timestamp column (declared TIMESTAMPTZ, TIMESTAMP or DATETIME) takes
/// text that parse_timestamp() reads, or a Timestamp, and stores the instant:
/// on SQLite as format_timestamp() writes it, on PostgreSQL as its own type.
/// Text it cannot read is stored as NULL and logged as a warning (naming the
/// table, column, row key and text); the run goes on. Any other value
/// (a number, a boolean) in a timestamp column is refused by upsert().
class TableWriter {
 public:
  virtual ~TableWriter() = default;
  /// Queues a row for upsert. Every row of one writer sets the same columns.
  /// Throws std::invalid_argument for an unknown column or a missing key.
  virtual void upsert(const Row& row) = 0;
  /// Writes the queued rows now (the host also flushes at the end of the run).
  virtual void flush() = 0;
  /// Rows upserted so far (queued or written).
  virtual std::uint64_t rows_written() const = 0;
  /// Limits delete-unseen to this tenant's rows whose `column` lies from
  /// `first` to `last` (inclusive, as the database compares the column's
  /// values): rows outside the range are kept whether this run wrote them or
  /// not. For sources read by range, such as the last 30 days of costs, where
  /// a row the range no longer returns is gone and rows before it are history.
  /// Call before the first upsert, on a writer with delete_unseen. Throws
  /// std::invalid_argument otherwise, or for an unknown column. (SDK 1.1)
  virtual void delete_unseen_only_within(const std::string& column, const Value& first, const Value& last) = 0;
  /// Limits delete-unseen to this tenant's rows whose `column` is one of
  /// `values` (none: no row): rows of the subscriptions, say, that this run
  /// read; rows of one it no longer reads are kept. Combines with
  /// delete_unseen_only_within. Same rules as it. (SDK 1.1)
  virtual void delete_unseen_only_for(const std::string& column, const std::vector<Value>& values) = 0;
};

}  // namespace govsync
