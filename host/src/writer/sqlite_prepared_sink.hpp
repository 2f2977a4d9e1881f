#pragma once
// Upserts through the SQLite C API with prepared single-row statements: into
// the table inside the run's transaction, and before it into a temporary
// table of the connection (which takes no lock) that finish() moves in.

#include <memory>

#include "writer/row_sink.hpp"

struct sqlite3;

namespace govsync::host {

/// A sink on `db`, the session's own connection.
std::unique_ptr<RowSink> make_sqlite_prepared_sink(sqlite3* db, UpsertShape shape);

}  // namespace govsync::host
