#include "writer/row_sink.hpp"

#include <Poco/Data/SQLite/Utility.h>
#include <libpq-fe.h>

#include "db/postgres_handle.hpp"
#include "writer/postgres_copy_sink.hpp"
#include "writer/sqlite_prepared_sink.hpp"

namespace govsync::host {
namespace {

// PostgreSQL: one COPY or one upsert statement each; no parameter limit applies to either.
constexpr std::size_t kPostgresBatchRows = 5000;
// SQLite: rows kept in memory before they are stepped through the prepared upsert.
constexpr std::size_t kSqliteBatchRows = 1000;

}  // namespace

std::size_t batch_rows(Dialect dialect) {
  return dialect == Dialect::postgresql ? kPostgresBatchRows : kSqliteBatchRows;
}

std::unique_ptr<RowSink> make_row_sink(Poco::Data::Session& session, UpsertShape shape) {
  const auto connector = session.connector();
  if (connector == "sqlite") {
    if (auto* db = Poco::Data::SQLite::Utility::dbHandle(session))
      return make_sqlite_prepared_sink(db, std::move(shape));
  } else if (connector == "postgresql") {
    // COPY appends under a savepoint, which needs a transaction; outside one, bound statements.
    if (PGconn* connection = postgres_handle(session);
        connection != nullptr && PQtransactionStatus(connection) == PQTRANS_INTRANS)
      return make_postgres_copy_sink(session, connection, std::move(shape));
  }
  return make_bound_batch_sink(session, std::move(shape));
}

}  // namespace govsync::host
