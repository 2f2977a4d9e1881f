#include "writer/table_writer.hpp"

#include <algorithm>
#include <charconv>
#include <iterator>
#include <stdexcept>

#include "writer/bound_statement.hpp"
#include "writer/upsert_sql.hpp"

namespace govsync::host {
namespace {

// Both PostgreSQL (65535) and SQLite (32766) accept this many parameters per statement.
constexpr std::size_t kMaxParameters = 30000;
constexpr std::size_t kMaxBatchRows = 500;

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
  const std::string text = value_text(value);
  identity += static_cast<char>('0' + value.index());
  identity += std::to_string(text.size());
  identity += ':';
  identity += text;
}

}  // namespace

TableWriterImpl::TableWriterImpl(Poco::Data::Session& session, const TableInfo& table, std::string tenant_id,
                                 std::int64_t run_id, WriterOptions options, govsync::Truncator& truncator)
    : session_(session),
      table_(table),
      tenant_id_(std::move(tenant_id)),
      run_id_(run_id),
      options_(std::move(options)),
      truncator_(truncator) {
  if (table_.column("tenant_id") == nullptr) {
    throw std::invalid_argument("table " + table_.name +
                                " has no tenant_id column; the writer stamps every row with it");
  }
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
  columns_ = std::move(columns);
  key_positions_ = std::move(key_positions);
  const std::size_t per_row = columns_.size() + 2;
  batch_rows_ = std::max<std::size_t>(1, std::min(kMaxBatchRows, kMaxParameters / per_row));
}

std::string TableWriterImpl::readable_key(const std::vector<Value>& values) const {
  std::string key;
  for (const auto position : key_positions_) key += (key.empty() ? "" : "/") + value_text(values[position]);
  return key;
}

std::string TableWriterImpl::identity_key(const std::vector<Value>& values) const {
  std::string identity;
  for (const auto position : key_positions_) append_identity(identity, values[position]);
  return identity;
}

void TableWriterImpl::upsert(const Row& row) {
  if (failed_)
    throw std::runtime_error("writer for " + table_.name + ": an earlier write failed; the run cannot commit");
  if (columns_.empty()) fix_columns(row);
  const auto& cells = row.cells();
  if (cells.size() != columns_.size()) {
    throw std::invalid_argument("writer for " + table_.name + ": every row must set the same " +
                                std::to_string(columns_.size()) + " columns as the first; this one sets " +
                                std::to_string(cells.size()));
  }
  std::vector<Value> values(columns_.size());
  for (const auto& [column, value] : cells) {
    const auto it = std::find(columns_.begin(), columns_.end(), column);
    if (it == columns_.end()) {
      throw std::invalid_argument("writer for " + table_.name + ": column " + column + " was not set by the first row");
    }
    values[static_cast<std::size_t>(it - columns_.begin())] = value;
  }
  // Keys first, unfitted, so the audit names the row as the source named it.
  const std::string raw_key = readable_key(values);
  for (std::size_t c = 0; c < columns_.size(); ++c) {
    if (auto* text = std::get_if<std::string>(&values[c]))
      *text = truncator_.fit(table_.name, columns_[c], *text, raw_key);
  }
  // The same key twice in one statement is an error on PostgreSQL: the later row wins.
  const std::string key = identity_key(values);
  if (const auto it = pending_by_key_.find(key); it != pending_by_key_.end()) {
    pending_[it->second] = std::move(values);
  } else {
    pending_by_key_.emplace(key, pending_.size());
    pending_.push_back(std::move(values));
    ++rows_written_;
  }
  if (pending_.size() >= batch_rows_) flush();
}

void TableWriterImpl::flush() {
  if (failed_)
    throw std::runtime_error("writer for " + table_.name + ": an earlier write failed; the run cannot commit");
  if (pending_.empty()) return;
  std::vector<std::string> all_columns{"tenant_id"};
  if (stamps_run_id_) all_columns.emplace_back("sync_run_id");
  all_columns.insert(all_columns.end(), columns_.begin(), columns_.end());
  std::vector<std::string> conflict{"tenant_id"};
  conflict.insert(conflict.end(), options_.key_columns.begin(), options_.key_columns.end());

  std::vector<Value> parameters;
  parameters.reserve(pending_.size() * all_columns.size());
  for (auto& row : pending_) {
    parameters.emplace_back(tenant_id_);
    if (stamps_run_id_) parameters.emplace_back(run_id_);
    for (auto& value : row) parameters.push_back(std::move(value));
  }
  const auto sql = build_upsert_sql(table_.name, all_columns, conflict, pending_.size());
  pending_.clear();
  pending_by_key_.clear();
  try {
    execute_bound(session_, sql, parameters);
  } catch (...) {
    failed_ = true;  // sticky: a plugin that catches this cannot commit a partial run
    throw;
  }
}

std::uint64_t TableWriterImpl::finish() {
  flush();
  if (!options_.delete_unseen) return 0;
  return execute_bound(session_, build_delete_unseen_sql(table_.name), {Value{tenant_id_}, Value{run_id_}});
}

}  // namespace govsync::host
