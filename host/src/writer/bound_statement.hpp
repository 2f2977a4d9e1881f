#pragma once
// Executes SQL with SDK Values bound as parameters ($1, $2, ...).

#include <cstddef>
#include <string>
#include <vector>

#include <Poco/Data/Session.h>

#include <govsync/writer.hpp>

namespace govsync::host {

/// Executes sql with the values bound in order; returns the rows affected.
std::size_t execute_bound(Poco::Data::Session& session, const std::string& sql, const std::vector<Value>& values);

}  // namespace govsync::host
