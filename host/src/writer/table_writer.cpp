#include "writer/table_writer.hpp"

#include <algorithm>
#include <charconv>
#include <iterator>
#include <stdexcept>

#include <spdlog/spdlog.h>
#include <govsync/timestamp.hpp>

#include "db/bound_statement.hpp"
#include "truncate/utf8_fit.hpp"
#include "writer/table_requirements.hpp"
#include "writer/upsert_sql.hpp"

namespace govsync::host {
namespace {

// How a key value reads in the audit log.
std::string value_text(const Value& value) {
  return std::visit(
      [](const auto& v) -> std::string {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          return "NULL";
        } else if constexpr (std::is_same_v<T, std::string>) {
          return v;
        } else if constexpr (std::is_same_v<T, bool>) {
          return v ? "true" : "false";
        } else {
          char text[32];
          const auto [end, ec] = std::to_chars(std::begin(text), std::end(text), v);
          return ec == std::errc{} ? std::string(text, end) : std::string("?");
        }
      },
      value);
}

// An unambiguous identity for a key value: type tag, length, text. ("a/b", "c")
// and ("a", "b/c"), or NULL and "NULL", never collide.
void append_identity(std::string& identity, const Value& value) {
  const auto* text = std::get_if<std::string>(&value);
  const std::string other = text ? std::string() : value_text(value);
  const std::string& shown = text ? *text : other;
  identity += static_cast<char>('0' + value.index());
  identity += std::to_string(shown.size());
  identity += ':';
  identity += shown;
}

}  // namespace

TableWriterImpl::TableWriterImpl(LazyTransaction& transaction, const TableInfo& table, std::string tenant_id,
                                 std::int64_t run_id, WriterOptions options, govsync::Truncator& truncator,
                                 DeletionGuard guard)
    : transaction_(transaction),
      table_(table),
      tenant_id_(std::move(tenant_id)),
      run_id_(run_id),
      options_(std::move(options)),
      truncator_(truncator),
      guard_(std::move(guard)) {
  if (options_.key_columns.empty()) {
    throw std::invalid_argument("writer for " + table_.name + ": key_columns is empty; name the natural key");
  }
  for (const auto& key : options_.key_columns) {
    if (table_.column(key) == nullptr)
      throw std::invalid_argument("writer for " + table_.name + ": key column " + key + " does not exist");
  }
  stamps_run_id_ = table_.column("sync_run_id") != nullptr;
  if (options_.delete_unseen && !stamps_run_id_) {
    throw std::invalid_argument(
        "writer for " + table_.name +
        ": delete_unseen needs a sync_run_id column in the table to know which rows this run wrote");
  }
  // Now, not when the first batch is written: a run fails before it fetches a page.
  if (const auto problem = upsert_key_problem(table_, options_.key_columns); !problem.empty())
    throw std::invalid_argument(problem);
  prefix_.emplace_back(tenant_id_);
  if (stamps_run_id_) prefix_.emplace_back(run_id_);
}

void TableWriterImpl::fix_columns(const Row& row) {
  // Built in locals: a refused first row leaves the writer as it was.
  std::vector<std::string> columns;
  std::vector<std::size_t> key_positions;
  for (const auto& [column, value] : row.cells()) {
    if (column == "tenant_id" || (stamps_run_id_ && column == "sync_run_id")) {
      throw std::invalid_argument("writer for " + table_.name + ": " + column + " is set by the host, not the plugin");
    }
    if (table_.column(column) == nullptr) {
      throw std::invalid_argument("writer for " + table_.name + ": the table has no column " + column);
    }
    columns.push_back(column);
  }
  for (const auto& key : options_.key_columns) {
    const auto it = std::find(columns.begin(), columns.end(), key);
    if (it == columns.end()) {
      throw std::invalid_argument("writer for " + table_.name + ": the row does not set key column " + key);
    }
    key_positions.push_back(static_cast<std::size_t>(it - columns.begin()));
  }
  std::vector<std::optional<std::size_t>> widths;
  for (const auto& column : columns) widths.push_back(truncator_.width(table_.name, column));
  UpsertShape shape{table_.name, {"tenant_id"}, {"tenant_id"}};
  if (stamps_run_id_) shape.columns.emplace_back("sync_run_id");
  shape.columns.insert(shape.columns.end(), columns.begin(), columns.end());
  shape.conflict.insert(shape.conflict.end(), options_.key_columns.begin(), options_.key_columns.end());
  timestamps_ = TimestampCells(table_, columns, options_.key_columns);
  columns_ = std::move(columns);
  widths_ = std::move(widths);
  key_positions_ = std::move(key_positions);
  shape_ = std::move(shape);
  batch_rows_ = batch_rows(transaction_.dialect());
  pending_.reserve(batch_rows_ * columns_.size());
}

std::string TableWriterImpl::readable_key(const Value* values) const {
  std::string key;
  for (const auto position : key_positions_) key += (key.empty() ? "" : "/") + value_text(values[position]);
  return key;
}

std::string TableWriterImpl::identity_key(const Value* values) const {
  std::string identity;
  for (const auto position : key_positions_) append_identity(identity, values[position]);
  return identity;
}

void TableWriterImpl::count_duplicate(const Value* values) {
  if (duplicates_.rows++ > 0) return;
  std::string example;
  for (std::size_t k = 0; k < key_positions_.size(); ++k)
    example += (k ? ", " : "") + options_.key_columns[k] + "=" + value_text(values[key_positions_[k]]);
  duplicates_.example = "(" + example + ")";
}

std::size_t TableWriterImpl::position_of(const std::string& column) const {
  const auto it = std::find(columns_.begin(), columns_.end(), column);
  if (it == columns_.end()) {
    throw std::invalid_argument("writer for " + table_.name + ": column " + column + " was not set by the first row");
  }
  return static_cast<std::size_t>(it - columns_.begin());
}

void TableWriterImpl::fit_text(Value* values) {
  // Only text that does not fit as it is goes through the truncator, with the
  // row's key as the source named it (taken before any value of the row changes).
  std::optional<std::string> raw_key;
  for (std::size_t c = 0; c < columns_.size(); ++c) {
    auto* text = std::get_if<std::string>(&values[c]);
    if (text == nullptr || fits_utf8(*text, widths_[c])) continue;
    if (!raw_key) raw_key = readable_key(values);
    *text = truncator_.fit(table_.name, columns_[c], *text, *raw_key);
  }
}

void TableWriterImpl::refuse_if_failed() const {
  if (failed_)
    throw std::runtime_error("writer for " + table_.name + ": an earlier write failed; the run cannot commit");
}

Poco::Data::Session& TableWriterImpl::session_for_batches() {
  // SQLite keeps early batches in a temporary table of the connection, which
  // takes no lock; PostgreSQL writes them at once, inside the transaction.
  return transaction_.dialect() == Dialect::sqlite ? transaction_.connection() : transaction_.session();
}

void TableWriterImpl::upsert(const Row& row) {
  refuse_if_failed();
  if (columns_.empty()) fix_columns(row);
  const auto& cells = row.cells();
  const std::size_t width = columns_.size();
  if (cells.size() != width) {
    throw std::invalid_argument("writer for " + table_.name + ": every row must set the same " + std::to_string(width) +
                                " columns as the first; this one sets " + std::to_string(cells.size()));
  }
  // Placed before anything is queued, so a refused row leaves the batch as it was.
  // Rows usually set their columns in the first row's order.
  cell_positions_.resize(width);
  for (std::size_t i = 0; i < width; ++i)
    cell_positions_[i] = columns_[i] == cells[i].first ? i : position_of(cells[i].first);

  const std::size_t start = pending_.size();
  pending_.resize(start + width);
  Value* values = &pending_[start];
  try {
    for (std::size_t i = 0; i < width; ++i) values[cell_positions_[i]] = cells[i].second;
    timestamps_.canonicalise(values, [&] { return readable_key(values); });
    fit_text(values);
  } catch (...) {
    pending_.resize(start);
    throw;
  }
  // The same key twice in one statement is an error on PostgreSQL: the later row wins.
  // A key written in an earlier batch is upserted again, and wins there too.
  auto key = identity_key(values);
  if (const auto it = pending_by_key_.find(key); it != pending_by_key_.end()) {
    count_duplicate(values);
    std::move(values, values + width, pending_.begin() + static_cast<std::ptrdiff_t>(it->second * width));
    pending_.resize(start);
  } else {
    if (seen_.insert(key)) {
      ++rows_written_;
    } else {
      count_duplicate(values);
    }
    pending_by_key_.emplace(std::move(key), start / width);
  }
  if (pending_.size() >= batch_rows_ * width) flush();
}

void TableWriterImpl::flush() {
  refuse_if_failed();
  if (pending_.empty()) return;
  try {
    if (!sink_) {
      count_stored(session_for_batches());
      sink_ = make_row_sink(session_for_batches(), shape_);
    }
    sink_->write(prefix_, pending_, columns_.size());
  } catch (...) {
    failed_ = true;  // sticky: a plugin that catches this cannot commit a partial run
    pending_.clear();
    pending_by_key_.clear();
    throw;
  }
  pending_.clear();
  pending_by_key_.clear();
}

void TableWriterImpl::check_scope_limit(const std::string& what, const std::string& column) const {
  const auto where = "writer for " + table_.name + ": " + what + "(" + column + ")";
  if (!options_.delete_unseen) throw std::invalid_argument(where + " needs a writer with delete_unseen");
  if (rows_written_ > 0) throw std::invalid_argument(where + " must come before the first upsert");
  if (table_.column(column) == nullptr) throw std::invalid_argument(where + ": no such column");
}

void TableWriterImpl::delete_unseen_only_within(const std::string& column, const Value& first, const Value& last) {
  check_scope_limit("delete_unseen_only_within", column);
  if (std::holds_alternative<std::monostate>(first) || std::holds_alternative<std::monostate>(last)) {
    throw std::invalid_argument("writer for " + table_.name + ": delete_unseen_only_within(" + column +
                                "): the range's ends must not be NULL");
  }
  const auto* declared = table_.column(column);
  if (!declared->timestamp) {
    unseen_scope_.within(quote_identifier(column), first, last);
    return;
  }
  // A timestamp column compares instants: the ends are read as the stored values are.
  auto instant = [&](const Value& end) {
    const auto* text = std::get_if<std::string>(&end);
    auto canonical = text != nullptr ? canonical_timestamp(*text) : std::nullopt;
    if (!canonical) {
      throw std::invalid_argument("writer for " + table_.name + ": delete_unseen_only_within(" + column +
                                  "): the range's ends must be RFC 3339 timestamps");
    }
    return Value{std::move(*canonical)};
  };
  unseen_scope_.within(quote_identifier(column), instant(first), instant(last));
}

void TableWriterImpl::delete_unseen_only_for(const std::string& column, const std::vector<Value>& values) {
  check_scope_limit("delete_unseen_only_for", column);
  unseen_scope_.one_of(quote_identifier(column), values);
}

void TableWriterImpl::count_stored(Poco::Data::Session& session) {
  if (!options_.delete_unseen || stored_before_) return;
  std::vector<Value> values{Value{tenant_id_}};
  values.insert(values.end(), unseen_scope_.values().begin(), unseen_scope_.values().end());
  stored_before_ = static_cast<std::uint64_t>(query_bound_integer(
      session, "SELECT COUNT(*) FROM " + quote_identifier(table_.name) + " WHERE tenant_id = $1" + unseen_scope_.sql(2),
      values));
}

std::uint64_t TableWriterImpl::finish() {
  refuse_if_failed();
  auto& session = transaction_.session();
  if (!sink_) count_stored(session);
  if (sink_) {
    try {
      sink_->finish();  // rows kept aside are older than the last batch: they go first
    } catch (...) {
      failed_ = true;
      throw;
    }
  }
  flush();
  timestamps_.report_unlogged();
  if (duplicates_.rows > 0) {
    spdlog::warn("table {}: {} {} of this run had a key already written in this run (last one kept), e.g. key {}",
                 table_.name, duplicates_.rows, duplicates_.rows == 1 ? "row" : "rows", duplicates_.example);
  }
  if (!options_.delete_unseen) return 0;
  std::vector<Value> values{Value{tenant_id_}, Value{run_id_}};
  values.insert(values.end(), unseen_scope_.values().begin(), unseen_scope_.values().end());
  const auto deleted = execute_bound(session, build_delete_unseen_sql(table_.name) + unseen_scope_.sql(3), values);
  try {
    check_deletion(guard_, table_.name, tenant_id_, deleted, stored_before_.value_or(0));
  } catch (...) {
    failed_ = true;  // the deletion happened inside the transaction: it must roll back
    throw;
  }
  return deleted;
}

}  // namespace govsync::host
