#pragma once
// The host's TableWriter: batched upserts by natural key inside the run's transaction.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <Poco/Data/Session.h>

#include <govsync/truncator.hpp>
#include <govsync/writer.hpp>

#include "db/schema_catalog.hpp"
#include "writer/row_sink.hpp"

namespace govsync::host {

class TableWriterImpl final : public govsync::TableWriter {
 public:
  /// Checks the table and options against the live schema; throws
  /// std::invalid_argument naming the table, column or key that is wrong.
  /// The session is asked for when the first batch is written, not before.
  TableWriterImpl(SessionSource session, Dialect dialect, const TableInfo& table, std::string tenant_id,
                  std::int64_t run_id, WriterOptions options, govsync::Truncator& truncator);

  void upsert(const Row& row) override;
  void flush() override;
  std::uint64_t rows_written() const override { return rows_written_; }

  /// Flushes and, if the options ask for it, deletes this tenant's rows that
  /// this run did not write. Returns the rows deleted.
  std::uint64_t finish();

  /// True once a write of this writer failed: the run must not commit.
  bool failed() const { return failed_; }

 private:
  std::string readable_key(const Value* values) const;
  std::string identity_key(const Value* values) const;
  void fix_columns(const Row& row);
  std::size_t position_of(const std::string& column) const;
  void fit_text(Value* values);

  SessionSource session_;
  Dialect dialect_;
  const TableInfo& table_;
  std::string tenant_id_;
  std::int64_t run_id_;
  WriterOptions options_;
  govsync::Truncator& truncator_;
  bool stamps_run_id_ = false;
  std::vector<Value> prefix_;                       // tenant_id, and sync_run_id if the table has it
  std::vector<std::string> columns_;                // the plugin's columns, fixed by the first row
  std::vector<std::optional<std::size_t>> widths_;  // their declared widths
  std::vector<std::size_t> key_positions_;          // positions of the key columns in columns_
  std::vector<std::size_t> cell_positions_;         // scratch: where each cell of a row goes
  UpsertShape shape_;                               // the statement, fixed by the first row
  std::unique_ptr<RowSink> sink_;                   // made at the first batch
  std::size_t batch_rows_ = 0;
  std::vector<Value> pending_;                                   // the batch: columns_.size() values per row
  std::unordered_map<std::string, std::size_t> pending_by_key_;  // identity key -> row in the batch
  std::uint64_t rows_written_ = 0;
  bool failed_ = false;
};

}  // namespace govsync::host
