#include "writer/unseen_scope.hpp"

namespace govsync::host {

void UnseenScope::within(std::string quoted_column, Value first, Value last) {
  limits_.push_back({std::move(quoted_column), true, 2});
  values_.push_back(std::move(first));
  values_.push_back(std::move(last));
}

void UnseenScope::one_of(std::string quoted_column, std::vector<Value> values) {
  limits_.push_back({std::move(quoted_column), false, values.size()});
  for (auto& value : values) values_.push_back(std::move(value));
}

std::string UnseenScope::sql(int first_parameter) const {
  std::string text;
  int parameter = first_parameter;
  auto next = [&parameter] { return "$" + std::to_string(parameter++); };
  for (const auto& limit : limits_) {
    if (limit.range) {
      text += " AND " + limit.quoted_column + " >= " + next();
      text += " AND " + limit.quoted_column + " <= " + next();
    } else if (limit.count == 0) {
      text += " AND 1 = 0";
    } else {
      text += " AND " + limit.quoted_column + " IN (";
      for (std::size_t i = 0; i < limit.count; ++i) text += (i == 0 ? "" : ", ") + next();
      text += ")";
    }
  }
  return text;
}

}  // namespace govsync::host
