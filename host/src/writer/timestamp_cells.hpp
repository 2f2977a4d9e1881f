#pragma once
// The timestamp columns of one writer: every value they get is stored as one
// instant in one text form (govsync::format_timestamp), on both backends.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include <govsync/writer.hpp>

#include "db/schema_catalog.hpp"

namespace govsync::host {

class TimestampCells {
 public:
  TimestampCells() = default;
  /// The columns of `columns` that `table` declares as timestamps; those
  /// among `keys` or declared NOT NULL must be readable.
  TimestampCells(const TableInfo& table, const std::vector<std::string>& columns, const std::vector<std::string>& keys);

  /// Replaces the text of each timestamp column of one row (`values`, in the
  /// writer's column order) with its canonical form. Text that is no
  /// timestamp becomes NULL and is logged with `row_key()`. Throws
  /// std::invalid_argument, changing nothing, for a value that is not text,
  /// and for unreadable text in a key or NOT NULL column (NULL is no answer there).
  void canonicalise(Value* values, const std::function<std::string()>& row_key);

  /// Logs how many unreadable values were not logged one by one.
  void report_unlogged() const;

 private:
  std::string table_;
  struct Column {
    std::size_t position;  // in the row
    std::string name;
    bool required;  // a key or NOT NULL: unreadable text refuses the row
  };
  std::vector<Column> columns_;
  std::uint64_t unreadable_ = 0;
};

}  // namespace govsync::host
