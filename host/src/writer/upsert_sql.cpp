#include "writer/upsert_sql.hpp"

#include <algorithm>

namespace govsync::host {

std::string column_list(const std::vector<std::string>& columns) {
  std::string list;
  for (std::size_t c = 0; c < columns.size(); ++c) list += (c ? ", " : "") + quote_identifier(columns[c]);
  return list;
}

std::string quote_identifier(const std::string& name) {
  std::string quoted = "\"";
  for (const char c : name) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

std::string build_upsert_sql(const std::string& table, const std::vector<std::string>& columns,
                             const std::vector<std::string>& conflict_columns, std::size_t rows) {
  std::string sql = "INSERT INTO " + quote_identifier(table) + " (" + column_list(columns) + ") VALUES ";
  std::size_t parameter = 1;
  for (std::size_t r = 0; r < rows; ++r) {
    sql += r ? ", (" : "(";
    for (std::size_t c = 0; c < columns.size(); ++c) sql += (c ? ", $" : "$") + std::to_string(parameter++);
    sql += ")";
  }
  return sql + build_conflict_clause(columns, conflict_columns);
}

std::string build_conflict_clause(const std::vector<std::string>& columns,
                                  const std::vector<std::string>& conflict_columns) {
  std::string sql = " ON CONFLICT (";
  for (std::size_t k = 0; k < conflict_columns.size(); ++k)
    sql += (k ? ", " : "") + quote_identifier(conflict_columns[k]);
  sql += ") DO ";
  std::string updates;
  for (const auto& column : columns) {
    if (std::find(conflict_columns.begin(), conflict_columns.end(), column) != conflict_columns.end()) continue;
    updates += (updates.empty() ? "" : ", ") + quote_identifier(column) + " = excluded." + quote_identifier(column);
  }
  return sql + (updates.empty() ? "NOTHING" : "UPDATE SET " + updates);
}

std::string build_insert_select_sql(const std::string& table, const std::vector<std::string>& columns,
                                    const std::vector<std::string>& conflict_columns, const std::string& source,
                                    const std::string& order_by) {
  const auto list = column_list(columns);
  return "INSERT INTO " + quote_identifier(table) + " (" + list + ") SELECT " + list + " FROM " +
         quote_identifier(source) + " WHERE true" + (order_by.empty() ? "" : " ORDER BY " + order_by) +
         build_conflict_clause(columns, conflict_columns);
}

std::string build_array_upsert_sql(const std::string& table, const std::vector<std::string>& columns,
                                   const std::vector<std::string>& types,
                                   const std::vector<std::string>& conflict_columns, std::size_t scalars) {
  std::string select;
  std::string arrays;
  std::string names;
  for (std::size_t c = 0; c < columns.size(); ++c) {
    const auto parameter = "$" + std::to_string(c + 1);
    select += (c ? ", " : "") + (c < scalars ? parameter : "u." + quote_identifier(columns[c])) + "::" + types[c];
    if (c < scalars) continue;
    arrays += (arrays.empty() ? "" : ", ") + parameter + "::text[]";
    names += (names.empty() ? "" : ", ") + quote_identifier(columns[c]);
  }
  return "INSERT INTO " + quote_identifier(table) + " (" + column_list(columns) + ") SELECT " + select +
         " FROM unnest(" + arrays + ") AS u(" + names + ")" + build_conflict_clause(columns, conflict_columns);
}

std::string build_delete_unseen_sql(const std::string& table) {
  return "DELETE FROM " + quote_identifier(table) +
         " WHERE tenant_id = $1 AND (sync_run_id IS NULL OR sync_run_id <> $2)";
}

}  // namespace govsync::host
