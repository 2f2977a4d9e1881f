#include "writer/timestamp_cells.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <stdexcept>

#include <govsync/timestamp.hpp>

#include "truncate/utf8_fit.hpp"

namespace govsync::host {
namespace {

// Unreadable values logged one by one per writer; the rest are counted.
constexpr std::uint64_t kLoggedOneByOne = 5;
// How much of an unreadable value a warning shows, in characters.
constexpr std::size_t kShownChars = 64;

}  // namespace

TimestampCells::TimestampCells(const TableInfo& table, const std::vector<std::string>& columns,
                               const std::vector<std::string>& keys)
    : table_(table.name) {
  for (std::size_t position = 0; position < columns.size(); ++position) {
    const auto* column = table.column(columns[position]);
    if (column == nullptr || !column->timestamp) continue;
    const bool key = std::find(keys.begin(), keys.end(), columns[position]) != keys.end();
    columns_.push_back({position, columns[position], key || column->not_null});
  }
}

void TimestampCells::canonicalise(Value* values, const std::function<std::string()>& row_key) {
  // Checked before any value changes, so a refused row leaves the values as they were.
  for (const auto& column : columns_) {
    const auto& value = values[column.position];
    const auto* text = std::get_if<std::string>(&value);
    if (text == nullptr && !std::holds_alternative<std::monostate>(value)) {
      throw std::invalid_argument("writer for " + table_ + ": column " + column.name +
                                  " holds timestamps; set it with RFC 3339 text or a govsync::Timestamp");
    }
    if (text != nullptr && column.required && !parse_timestamp(*text)) {
      throw std::invalid_argument("writer for " + table_ + ": column " + column.name + " of row " + row_key() +
                                  " is a key or NOT NULL and '" + fit_utf8(*text, kShownChars).text +
                                  "' is not a timestamp (RFC 3339)");
    }
  }
  for (const auto& column : columns_) {
    auto* text = std::get_if<std::string>(&values[column.position]);
    if (text == nullptr) continue;
    if (auto canonical = canonical_timestamp(*text)) {
      *text = std::move(*canonical);
      continue;
    }
    if (++unreadable_ <= kLoggedOneByOne) {
      spdlog::warn("{}.{} of row {}: '{}' is not a timestamp (RFC 3339); stored as NULL", table_, column.name,
                   row_key(), fit_utf8(*text, kShownChars).text);
    }
    values[column.position] = Value{};
  }
}

void TimestampCells::report_unlogged() const {
  if (unreadable_ <= kLoggedOneByOne) return;
  spdlog::warn("{}: {} more values that are not timestamps stored as NULL", table_, unreadable_ - kLoggedOneByOne);
}

}  // namespace govsync::host
