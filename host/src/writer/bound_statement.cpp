#include "writer/bound_statement.hpp"

#include <Poco/Data/Statement.h>

namespace govsync::host {

std::size_t execute_bound(Poco::Data::Session& session, const std::string& sql, const std::vector<Value>& values) {
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
  return statement.execute();
}

}  // namespace govsync::host
