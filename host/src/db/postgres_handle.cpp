#include "db/postgres_handle.hpp"

#include <Poco/Data/PostgreSQL/PostgreSQLException.h>
#include <Poco/Data/PostgreSQL/SessionImpl.h>

namespace govsync::host {

PGconn* postgres_handle(Poco::Data::Session& session) {
  auto* impl = dynamic_cast<Poco::Data::PostgreSQL::SessionImpl*>(session.impl());
  if (impl == nullptr) return nullptr;
  PGconn* connection = impl->handle();
  return connection;
}

std::string describe_postgres_result(const PGresult* result) {
  std::string message = PQresultErrorMessage(result);
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  if (const char* state = PQresultErrorField(result, PG_DIAG_SQLSTATE))
    message += std::string(" (State: ") + state + ")";
  return message;
}

PostgresResult execute_postgres(PGconn* connection, const std::string& sql,
                                const std::vector<const char*>& parameters) {
  PostgresResult result{PQexecParams(connection, sql.c_str(), static_cast<int>(parameters.size()), nullptr,
                                     parameters.data(), nullptr, nullptr, 0)};
  if (!result) throw Poco::Data::PostgreSQL::StatementException(PQerrorMessage(connection));
  const auto status = PQresultStatus(result.get());
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    throw Poco::Data::PostgreSQL::StatementException(describe_postgres_result(result.get()) + " [" +
                                                     sql.substr(0, 200) + "]");
  }
  return result;
}

}  // namespace govsync::host
