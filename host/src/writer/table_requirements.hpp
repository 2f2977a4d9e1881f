#pragma once
// What the writer needs of a table, checked before any row is fetched: the
// key it upserts by must be a primary key or unique constraint, and
// delete-unseen needs sync_run_id. Each check returns "" or what is missing.

#include <string>
#include <vector>

#include "db/schema_catalog.hpp"

namespace govsync::host {

/// For a writer upserting by `key_columns`: the table needs tenant_id and a
/// primary key or unique constraint on exactly (tenant_id, key_columns...),
/// the conflict target of its upsert on both backends.
std::string upsert_key_problem(const TableInfo& table, const std::vector<std::string>& key_columns);

/// What can be known without a writer's options (check-config): the table has
/// tenant_id and a primary key or unique constraint that includes it.
std::string tenant_key_problem(const TableInfo& table);

}  // namespace govsync::host
