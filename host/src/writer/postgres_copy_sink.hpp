#pragma once
// Upserts through libpq: each batch is COPYed into a temporary staging table
// and moved into the table by one INSERT ... SELECT ... ON CONFLICT.

#include <memory>

#include "writer/row_sink.hpp"

struct pg_conn;

namespace govsync::host {

/// A sink on `connection`, the session's own, which must be inside a
/// transaction: the staging table is dropped when the transaction ends.
/// Small batches, where the staging round trips would cost more than they
/// save, go through bound multi-row statements on the session.
std::unique_ptr<RowSink> make_postgres_copy_sink(Poco::Data::Session& session, pg_conn* connection, UpsertShape shape);

}  // namespace govsync::host
