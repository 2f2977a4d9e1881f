#include "db/bound_statement.hpp"

#include <Poco/Data/DataException.h>
#include <Poco/Data/PostgreSQL/PostgreSQLException.h>
#include <Poco/Data/Statement.h>
#include <Poco/Nullable.h>

#include <deque>

#include "db/postgres_handle.hpp"

namespace govsync::host {
namespace {

// The values in PostgreSQL's text form. Text values are not copied: the
// pointers stay valid while `values` and this object do.
class TextParameters {
 public:
  explicit TextParameters(const std::vector<Value>& values) {
    pointers_.reserve(values.size());
    for (const auto& value : values) pointers_.push_back(std::visit([this](const auto& v) { return text(v); }, value));
  }
  const std::vector<const char*>& pointers() const { return pointers_; }

 private:
  const char* text(std::monostate) { return nullptr; }
  const char* text(const std::string& v) { return v.c_str(); }
  const char* text(bool v) { return v ? "true" : "false"; }
  template <typename Number>
  const char* text(Number v) {
    auto& converted = converted_.emplace_back();
    append_postgres_number(converted, v);
    return converted.c_str();
  }

  std::deque<std::string> converted_;  // a deque never moves what it holds
  std::vector<const char*> pointers_;
};

Poco::Data::Statement poco_statement(Poco::Data::Session& session, const std::string& sql,
                                     const std::vector<Value>& values) {
  using Poco::Data::Keywords::bind;
  Poco::Data::Statement statement(session);
  statement << sql;
  for (const auto& value : values) {
    std::visit(
        [&statement](const auto& v) {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, std::monostate>) {
            statement.addBind(Poco::Data::Keywords::use(Poco::Data::Keywords::null));
          } else if constexpr (std::is_same_v<T, std::int64_t>) {
            statement.addBind(bind(static_cast<Poco::Int64>(v)));
          } else {
            statement.addBind(bind(v));
          }
        },
        value);
  }
  return statement;
}

}  // namespace

std::size_t execute_bound(Poco::Data::Session& session, const std::string& sql, const std::vector<Value>& values) {
  if (auto* connection = postgres_handle(session)) {
    const auto result = execute_postgres(connection, sql, TextParameters(values).pointers());
    const char* affected = PQcmdTuples(result.get());
    return *affected != '\0' ? std::stoull(affected) : 0;
  }
  return poco_statement(session, sql, values).execute();
}

std::optional<std::int64_t> query_bound_optional_integer(Poco::Data::Session& session, const std::string& sql,
                                                         const std::vector<Value>& values) {
  if (auto* connection = postgres_handle(session)) {
    const auto result = execute_postgres(connection, sql, TextParameters(values).pointers());
    if (PQntuples(result.get()) < 1 || PQgetisnull(result.get(), 0, 0)) return std::nullopt;
    return std::stoll(PQgetvalue(result.get(), 0, 0));
  }
  Poco::Nullable<Poco::Int64> number;
  auto statement = poco_statement(session, sql, values);
  statement.addExtract(Poco::Data::Keywords::into(number));
  if (statement.execute() == 0 || number.isNull()) return std::nullopt;
  return number.value();
}

std::int64_t query_bound_integer(Poco::Data::Session& session, const std::string& sql,
                                 const std::vector<Value>& values) {
  const auto number = query_bound_optional_integer(session, sql, values);
  if (!number) throw Poco::Data::DataException("no integer returned by [" + sql.substr(0, 200) + "]");
  return *number;
}

}  // namespace govsync::host
