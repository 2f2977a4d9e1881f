#include "db/postgres_handle.hpp"

#include <Poco/Data/PostgreSQL/PostgreSQLException.h>
#include <Poco/Data/PostgreSQL/SessionImpl.h>

#include <spdlog/spdlog.h>

#include <charconv>
#include <cmath>
#include <iterator>
#include <string_view>

namespace govsync::host {

PGconn* postgres_handle(Poco::Data::Session& session) {
  auto* impl = dynamic_cast<Poco::Data::PostgreSQL::SessionImpl*>(session.impl());
  if (impl == nullptr) return nullptr;
  PGconn* connection = impl->handle();
  return connection;
}

namespace {

void log_notice(void*, const PGresult* result) {
  std::string message = PQresultErrorMessage(result);
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  const char* severity = PQresultErrorField(result, PG_DIAG_SEVERITY_NONLOCALIZED);
  const bool warning = severity != nullptr && std::string_view(severity) == "WARNING";
  spdlog::log(warning ? spdlog::level::warn : spdlog::level::debug, "PostgreSQL: {}", message);
}

}  // namespace

void log_postgres_notices(PGconn* connection) {
  if (connection != nullptr) PQsetNoticeReceiver(connection, log_notice, nullptr);
}

std::string describe_postgres_result(const PGresult* result) {
  std::string message = PQresultErrorMessage(result);
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  if (const char* state = PQresultErrorField(result, PG_DIAG_SQLSTATE))
    message += std::string(" (State: ") + state + ")";
  return message;
}

namespace {

template <typename Number>
void append_digits(std::string& out, Number number) {
  char text[64];
  const auto [end, ec] = std::to_chars(std::begin(text), std::end(text), number);
  out.append(text, ec == std::errc{} ? end : text);
}

}  // namespace

void append_postgres_number(std::string& out, std::int64_t number) { append_digits(out, number); }

void append_postgres_number(std::string& out, double number) {
  if (std::isnan(number)) {
    out += "NaN";
  } else if (std::isinf(number)) {
    out += number > 0 ? "Infinity" : "-Infinity";
  } else {
    append_digits(out, number);
  }
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
