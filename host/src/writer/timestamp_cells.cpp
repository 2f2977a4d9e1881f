#include "writer/timestamp_cells.hpp"

#include <spdlog/spdlog.h>

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

TimestampCells::TimestampCells(const TableInfo& table, const std::vector<std::string>& columns) : table_(table.name) {
  for (std::size_t position = 0; position < columns.size(); ++position) {
    const auto* column = table.column(columns[position]);
    if (column != nullptr && column->timestamp) columns_.emplace_back(position, columns[position]);
  }
}

void TimestampCells::canonicalise(Value* values, const std::function<std::string()>& row_key) {
  for (const auto& [position, column] : columns_) {
    const auto& value = values[position];
    if (!std::holds_alternative<std::string>(value) && !std::holds_alternative<std::monostate>(value)) {
      throw std::invalid_argument("writer for " + table_ + ": column " + column +
                                  " holds timestamps; set it with RFC 3339 text or a govsync::Timestamp");
    }
  }
  for (const auto& [position, column] : columns_) {
    auto* text = std::get_if<std::string>(&values[position]);
    if (text == nullptr) continue;
    if (auto canonical = canonical_timestamp(*text)) {
      *text = std::move(*canonical);
      continue;
    }
    if (++unreadable_ <= kLoggedOneByOne) {
      spdlog::warn("{}.{} of row {}: '{}' is not a timestamp (RFC 3339); stored as NULL", table_, column, row_key(),
                   fit_utf8(*text, kShownChars).text);
    }
    values[position] = Value{};
  }
}

void TimestampCells::report_unlogged() const {
  if (unreadable_ <= kLoggedOneByOne) return;
  spdlog::warn("{}: {} more values that are not timestamps stored as NULL", table_, unreadable_ - kLoggedOneByOne);
}

}  // namespace govsync::host
