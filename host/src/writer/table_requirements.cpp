#include "writer/table_requirements.hpp"

#include <algorithm>

namespace govsync::host {
namespace {

std::string column_list(const std::vector<std::string>& columns) {
  std::string list;
  for (const auto& column : columns) list += (list.empty() ? "" : ", ") + column;
  return "(" + list + ")";
}

std::string existing_keys(const TableInfo& table) {
  if (table.unique_keys.empty()) return "it has no primary key or unique constraint";
  std::string keys;
  for (const auto& key : table.unique_keys) keys += (keys.empty() ? "" : ", ") + column_list(key);
  return "its unique keys are " + keys;
}

bool same_columns(std::vector<std::string> a, std::vector<std::string> b) {
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  return a == b;
}

std::string tenant_id_problem(const TableInfo& table) {
  if (table.column("tenant_id") != nullptr) return {};
  return "table " + table.name + " has no tenant_id column; the writer stamps every row with it";
}

}  // namespace

std::string upsert_key_problem(const TableInfo& table, const std::vector<std::string>& key_columns) {
  if (auto problem = tenant_id_problem(table); !problem.empty()) return problem;
  std::vector<std::string> wanted{"tenant_id"};
  wanted.insert(wanted.end(), key_columns.begin(), key_columns.end());
  const bool found = std::any_of(table.unique_keys.begin(), table.unique_keys.end(),
                                 [&](const std::vector<std::string>& key) { return same_columns(key, wanted); });
  if (found) return {};
  return "table " + table.name + " has no primary key or unique constraint on " + column_list(wanted) +
         ", which the writer's upsert by key " + column_list(key_columns) + " needs (" + existing_keys(table) +
         "); add PRIMARY KEY " + column_list(wanted) + " or UNIQUE " + column_list(wanted) +
         " in a migration, or name those columns as the writer's key";
}

std::string tenant_key_problem(const TableInfo& table) {
  if (auto problem = tenant_id_problem(table); !problem.empty()) return problem;
  const bool found = std::any_of(table.unique_keys.begin(), table.unique_keys.end(), [](const auto& key) {
    return key.size() > 1 && std::find(key.begin(), key.end(), "tenant_id") != key.end();
  });
  if (found) return {};
  return "table " + table.name +
         " has no primary key or unique constraint on tenant_id and key columns, which the writer upserts by (" +
         existing_keys(table) + "); add PRIMARY KEY (tenant_id, <key columns>) in a migration";
}

}  // namespace govsync::host
