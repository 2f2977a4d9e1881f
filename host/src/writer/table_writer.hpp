#pragma once
// The host's TableWriter: batched upserts by natural key inside the run's transaction.
// Batches written before the transaction begins wait, on SQLite, in a
// temporary table of the run's connection, so the run takes the one writer
// lock only at its end.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <Poco/Data/Session.h>

#include <govsync/truncator.hpp>
#include <govsync/writer.hpp>

#include "db/lazy_transaction.hpp"
#include "db/schema_catalog.hpp"
#include "writer/deletion_guard.hpp"
#include "writer/row_sink.hpp"
#include "writer/seen_keys.hpp"
#include "writer/timestamp_cells.hpp"
#include "writer/unseen_scope.hpp"

namespace govsync::host {

/// Rows of one run whose key the run had written already: the later row was kept.
struct DuplicateKeys {
  std::uint64_t rows = 0;
  std::string example;  // the first such key, as (column=value, ...)
};

class TableWriterImpl final : public govsync::TableWriter {
 public:
  /// Checks the table and options against the live schema; throws
  /// std::invalid_argument naming the table, column or key that is wrong.
  /// The transaction is used from the first batch on, and begun by finish()
  /// at the latest (on PostgreSQL by the first batch). Delete-unseen obeys `guard`.
  TableWriterImpl(LazyTransaction& transaction, const TableInfo& table, std::string tenant_id, std::int64_t run_id,
                  WriterOptions options, govsync::Truncator& truncator, DeletionGuard guard = {});

  void upsert(const Row& row) override;
  void flush() override;
  /// Distinct keys upserted so far (queued or written): a key repeated in the run counts once.
  std::uint64_t rows_written() const override { return rows_written_; }
  void delete_unseen_only_within(const std::string& column, const Value& first, const Value& last) override;
  void delete_unseen_only_for(const std::string& column, const std::vector<Value>& values) override;

  /// Begins the transaction if nothing did, writes every row into the table
  /// and, if the options ask for it, deletes this tenant's rows that this run
  /// did not write. Logs one warning when the run repeated keys (see
  /// duplicate_keys()). Returns the rows deleted. Throws MassDeletionRefused
  /// (the run must roll back) when the guard refuses the deletion.
  std::uint64_t finish();

  /// True once a write of this writer failed: the run must not commit.
  bool failed() const { return failed_; }
  /// The rows whose key this writer had written earlier in the run; each
  /// replaced the earlier one (upsert: the last one is kept).
  const DuplicateKeys& duplicate_keys() const { return duplicates_; }

 private:
  void refuse_if_failed() const;
  /// With delete-unseen: counts the tenant's rows before this writer's first write.
  void count_stored(Poco::Data::Session& session);
  Poco::Data::Session& session_for_batches();
  std::string readable_key(const Value* values) const;
  std::string identity_key(const Value* values) const;
  void count_duplicate(const Value* values);
  void fix_columns(const Row& row);
  std::size_t position_of(const std::string& column) const;
  void fit_text(Value* values);

  LazyTransaction& transaction_;
  const TableInfo& table_;
  std::string tenant_id_;
  std::int64_t run_id_;
  WriterOptions options_;
  govsync::Truncator& truncator_;
  bool stamps_run_id_ = false;
  std::vector<Value> prefix_;                       // tenant_id, and sync_run_id if the table has it
  std::vector<std::string> columns_;                // the plugin's columns, fixed by the first row
  std::vector<std::optional<std::size_t>> widths_;  // their declared widths
  TimestampCells timestamps_;                       // those of them that hold points in time
  std::vector<std::size_t> key_positions_;          // positions of the key columns in columns_
  std::vector<std::size_t> cell_positions_;         // scratch: where each cell of a row goes
  UpsertShape shape_;                               // the statement, fixed by the first row
  std::unique_ptr<RowSink> sink_;                   // made at the first batch
  std::size_t batch_rows_ = 0;
  std::vector<Value> pending_;                                   // the batch: columns_.size() values per row
  std::unordered_map<std::string, std::size_t> pending_by_key_;  // identity key -> row in the batch
  std::uint64_t rows_written_ = 0;
  SeenKeys seen_;  // every key of the run, batches written included
  DuplicateKeys duplicates_;
  bool failed_ = false;
  DeletionGuard guard_;
  std::optional<std::uint64_t> stored_before_;  // the tenant's rows before this run wrote (delete-unseen only)
  /// Refuses a scope limit the writer cannot take now (`what` names the call).
  void check_scope_limit(const std::string& what, const std::string& column) const;
  UnseenScope unseen_scope_;  // which of the tenant's rows delete-unseen may touch
};

}  // namespace govsync::host
