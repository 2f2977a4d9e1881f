#pragma once
// Writes truncation records to truncation_audit in their own transaction.

#include <vector>

#include "db/database.hpp"
#include "truncate/truncation_service.hpp"

namespace govsync::host {

/// Stores the records; throws Poco::Exception if the database refuses.
void store_truncation_records(Database& db, const std::vector<TruncationRecord>& records);

}  // namespace govsync::host
