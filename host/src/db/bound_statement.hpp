#pragma once
// Executes SQL with SDK Values bound as parameters ($1, $2, ...). On
// PostgreSQL each statement is one round trip through libpq.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <Poco/Data/Session.h>

#include <govsync/writer.hpp>

namespace govsync::host {

/// Executes sql with the values bound in order; returns the rows affected.
std::size_t execute_bound(Poco::Data::Session& session, const std::string& sql, const std::vector<Value>& values);

/// Executes sql that returns one integer in its first row (e.g. INSERT ...
/// RETURNING id) with the values bound in order.
std::int64_t query_bound_integer(Poco::Data::Session& session, const std::string& sql,
                                 const std::vector<Value>& values);

/// The first column of the first row as an integer; nothing when there is no row (or it is NULL).
std::optional<std::int64_t> query_bound_optional_integer(Poco::Data::Session& session, const std::string& sql,
                                                         const std::vector<Value>& values);

}  // namespace govsync::host
