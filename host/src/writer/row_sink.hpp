#pragma once
// Where a table writer's batches go: the upsert, run the fastest way the
// session's database allows.

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include <Poco/Data/Session.h>

#include <govsync/writer.hpp>

#include "db/database.hpp"

namespace govsync::host {

/// The statement a writer runs: upsert into `table` by `conflict`.
struct UpsertShape {
  std::string table;
  std::vector<std::string> columns;   // every column written, host-stamped ones first
  std::vector<std::string> conflict;  // the unique key: tenant_id and the natural key
};

/// How many rows a writer gathers before it hands them to the sink: its only
/// buffer, so memory stays fixed however many rows a run writes.
std::size_t batch_rows(Dialect dialect);

/// Upserts batches of rows into one table.
class RowSink {
 public:
  virtual ~RowSink() = default;
  /// Upserts the rows in `values` (row r is values[r * width ... r * width + width - 1]),
  /// each preceded by the values in `prefix`. A batch never holds the same key twice.
  /// May move from `values`. Throws with a message naming the table on failure.
  virtual void write(const std::vector<Value>& prefix, std::vector<Value>& values, std::size_t width) = 0;
  /// Moves into the table any rows the sink kept aside; called inside the
  /// run's transaction before its last batch. Throws as write() does.
  virtual void finish() {}
};

/// The sink for a session: prepared single-row upserts through the SQLite API
/// (into a temporary table until the session is in a transaction), COPY on
/// PostgreSQL inside a transaction, else multi-row statements with bound parameters.
std::unique_ptr<RowSink> make_row_sink(Poco::Data::Session& session, UpsertShape shape);

/// Multi-row statements with bound parameters (as many as a statement takes), for any session.
std::unique_ptr<RowSink> make_bound_batch_sink(Poco::Data::Session& session, UpsertShape shape);

}  // namespace govsync::host
