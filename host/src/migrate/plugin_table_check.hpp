#pragma once
// The tables a plugin's own migrations create, checked without the database:
// applied to a throwaway SQLite database (after govsync's own migrations) and
// held against what the writer needs, so check-config names a table the
// plugin's runs could not write before any run fetches a page.

#include <filesystem>
#include <string>
#include <vector>

#include "db/database.hpp"

namespace govsync::host {

/// For each of `plugins` with a folder under plugin_migrations_dir: applies its
/// SQLite migrations (shared or .sqlite.sql) and checks each table they create
/// (tenant_key_problem). One line per problem, naming the plugin, the table and
/// what is missing. A migration that fails on SQLite is a problem when the
/// database is SQLite, and is left to the database's own check otherwise.
/// Which key a writer upserts by and whether it deletes unseen rows is known
/// only when the plugin opens the writer; the writer checks that then.
std::vector<std::string> plugin_table_problems(const std::filesystem::path& migrations_dir,
                                               const std::filesystem::path& plugin_migrations_dir,
                                               const std::vector<std::string>& plugins, Dialect dialect);

}  // namespace govsync::host
