#pragma once
// Upserts through the SQLite C API: one prepared single-row statement, reused.

#include <memory>

#include "writer/row_sink.hpp"

struct sqlite3;

namespace govsync::host {

/// Prepares the upsert on `db` (the session's own connection); throws if it cannot.
std::unique_ptr<RowSink> make_sqlite_prepared_sink(sqlite3* db, UpsertShape shape);

}  // namespace govsync::host
