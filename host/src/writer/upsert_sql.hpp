#pragma once
// Builds the multi-row upsert and the delete-unseen statements.

#include <cstddef>
#include <string>
#include <vector>

namespace govsync::host {

/// INSERT INTO "table" ("c1", ...) VALUES ($1, ...), (...) ON CONFLICT ("k1", ...)
/// DO UPDATE SET "c" = excluded."c" ... (DO NOTHING when every column is a key).
/// Understood alike by PostgreSQL and SQLite (3.24+).
std::string build_upsert_sql(const std::string& table, const std::vector<std::string>& columns,
                             const std::vector<std::string>& conflict_columns, std::size_t rows);

/// " ON CONFLICT ("k1", ...) DO UPDATE SET "c" = excluded."c" ..." (DO NOTHING
/// when every column is a key): the tail of both upsert forms.
std::string build_conflict_clause(const std::vector<std::string>& columns,
                                  const std::vector<std::string>& conflict_columns);

/// INSERT INTO "table" ("c1", ...) SELECT "c1", ... FROM "source" WHERE true
/// [ORDER BY order_by] ON CONFLICT ...: moves staged rows into the table, in
/// the given order (SQLite lets a later row update an earlier one's key; the
/// WHERE is what SQLite needs to read ON CONFLICT after a SELECT).
std::string build_insert_select_sql(const std::string& table, const std::vector<std::string>& columns,
                                    const std::vector<std::string>& conflict_columns, const std::string& source,
                                    const std::string& order_by = "");

/// INSERT INTO "table" ("c1", ...) SELECT $1::t1, ..., u."ck"::tk, ... FROM
/// unnest($k::text[], ...) AS u("ck", ...) ON CONFLICT ... (PostgreSQL): the
/// first `scalars` columns as one parameter each, every other column as one
/// text array, each cast to its type in `types` (one per column).
std::string build_array_upsert_sql(const std::string& table, const std::vector<std::string>& columns,
                                   const std::vector<std::string>& types,
                                   const std::vector<std::string>& conflict_columns, std::size_t scalars);

/// DELETE FROM "table" WHERE tenant_id = $1 AND (sync_run_id IS NULL OR sync_run_id <> $2).
std::string build_delete_unseen_sql(const std::string& table);

/// "c1", "c2", ...: the columns quoted and comma-separated.
std::string column_list(const std::vector<std::string>& columns);

/// A double-quoted SQL identifier.
std::string quote_identifier(const std::string& name);

}  // namespace govsync::host
