#pragma once
// libpq under a Poco PostgreSQL session, for the statements the host runs on
// every run. Each costs one round trip this way; a Poco statement costs three
// (prepare, execute, and a DEALLOCATE after the transaction).

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <Poco/Data/Session.h>
#include <libpq-fe.h>

namespace govsync::host {

/// The session's libpq connection, or null when it is not a PostgreSQL session.
PGconn* postgres_handle(Poco::Data::Session& session);

/// Sends the server's notices and warnings on this connection to the log
/// (notices at debug level, warnings at warn level) instead of libpq's raw
/// line on stderr, which no log format parses.
void log_postgres_notices(PGconn* connection);

struct PostgresResultFree {
  void operator()(PGresult* result) const { PQclear(result); }
};
using PostgresResult = std::unique_ptr<PGresult, PostgresResultFree>;

/// A failed result's message with its SQLSTATE: "... (State: 23505)".
std::string describe_postgres_result(const PGresult* result);

/// Appends a number in PostgreSQL's text form: integers as digits, floating
/// point in the shortest form that reads back the same, or NaN, Infinity, -Infinity.
void append_postgres_number(std::string& out, std::int64_t number);
void append_postgres_number(std::string& out, double number);

/// Runs sql with its $n parameters in text form (a null pointer is SQL NULL)
/// in one round trip, the types taken from where each parameter is used.
/// Throws Poco::Data::PostgreSQL::StatementException with the server's
/// message when the statement fails.
PostgresResult execute_postgres(PGconn* connection, const std::string& sql, const std::vector<const char*>& parameters);

}  // namespace govsync::host
