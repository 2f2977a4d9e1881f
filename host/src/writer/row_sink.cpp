#include "writer/row_sink.hpp"

#include <Poco/Data/SQLite/Utility.h>
#include <libpq-fe.h>

#include "db/postgres_handle.hpp"
#include "writer/postgres_copy_sink.hpp"
#include "writer/sqlite_prepared_sink.hpp"

namespace govsync::host {

std::unique_ptr<RowSink> make_row_sink(Poco::Data::Session& session, UpsertShape shape) {
  const auto connector = session.connector();
  if (connector == "sqlite") {
    if (auto* db = Poco::Data::SQLite::Utility::dbHandle(session))
      return make_sqlite_prepared_sink(db, std::move(shape));
  } else if (connector == "postgresql") {
    // The staging table lives as long as the transaction; outside one, bound statements.
    if (PGconn* connection = postgres_handle(session);
        connection != nullptr && PQtransactionStatus(connection) == PQTRANS_INTRANS)
      return make_postgres_copy_sink(session, connection, std::move(shape));
  }
  return make_bound_batch_sink(session, std::move(shape));
}

}  // namespace govsync::host
