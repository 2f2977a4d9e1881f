#pragma once
// The part of a tenant's rows that a run's delete-unseen may touch: all of
// them, or only those within a range of one column and/or whose column is one
// of given values (the days and the subscriptions a run asked for).

#include <string>
#include <vector>

#include <govsync/writer.hpp>

namespace govsync::host {

class UnseenScope {
 public:
  /// Only rows whose `quoted_column` lies from `first` to `last`.
  void within(std::string quoted_column, Value first, Value last);
  /// Only rows whose `quoted_column` is one of `values` (none: no row).
  void one_of(std::string quoted_column, std::vector<Value> values);
  /// " AND ..." for the limits, parameters numbered from `first_parameter`; "" without limits.
  std::string sql(int first_parameter) const;
  /// The limits' values, in the order of sql()'s parameters.
  const std::vector<Value>& values() const { return values_; }

 private:
  struct Limit {
    std::string quoted_column;
    bool range = false;     // false: one of
    std::size_t count = 0;  // values it binds
  };
  std::vector<Limit> limits_;
  std::vector<Value> values_;
};

}  // namespace govsync::host
