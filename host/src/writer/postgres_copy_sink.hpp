#pragma once
// Writes batches through libpq: COPY while the table has none of the tenant's
// rows, else one INSERT ... SELECT ... FROM unnest(arrays) ON CONFLICT each.

#include <memory>

#include "writer/row_sink.hpp"

struct pg_conn;

namespace govsync::host {

/// A sink on `connection`, the session's own, which must be inside a
/// transaction (a COPY that meets a stored key is undone to a savepoint).
/// Small batches go through bound multi-row statements on the session.
std::unique_ptr<RowSink> make_postgres_copy_sink(Poco::Data::Session& session, pg_conn* connection, UpsertShape shape);

}  // namespace govsync::host
