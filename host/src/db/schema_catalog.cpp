#include "db/schema_catalog.hpp"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Statement.h>

#include <algorithm>
#include <regex>

namespace govsync::host {
namespace {

using Poco::Data::Keywords::bind;
using Poco::Data::Keywords::now;

// Rows of (table, index, column), ordered by table, index and the column's place
// in the index; a NULL column (an expression) makes the index useless as a conflict target.
void add_unique_keys(std::map<std::string, TableInfo, std::less<>>& tables, Poco::Data::RecordSet& rows) {
  std::string table;
  std::string index;
  std::vector<std::string> columns;
  bool usable = true;
  const auto keep = [&] {
    const auto found = tables.find(table);
    if (columns.empty() || !usable || found == tables.end()) return;
    auto& keys = found->second.unique_keys;  // a SQLite primary key can come twice: as columns and as an index
    if (std::find(keys.begin(), keys.end(), columns) == keys.end()) keys.push_back(columns);
  };
  for (std::size_t i = 0; i < rows.rowCount(); ++i) {
    auto next_table = rows.value(0, i).convert<std::string>();
    auto next_index = rows.value(1, i).convert<std::string>();
    if (next_table != table || next_index != index) {
      keep();
      table = std::move(next_table);
      index = std::move(next_index);
      columns.clear();
      usable = true;
    }
    if (rows.value(2, i).isEmpty()) {
      usable = false;
    } else {
      columns.push_back(rows.value(2, i).convert<std::string>());
    }
  }
  keep();
}

void read_postgresql_unique_keys(Poco::Data::Session& session, std::map<std::string, TableInfo, std::less<>>& tables) {
  // The key columns (not INCLUDE ones) of valid, immediate, non-partial unique indexes.
  Poco::Data::Statement select(session);
  select << "SELECT c.relname::text, i.indexrelid::regclass::text, a.attname::text FROM pg_index AS i "
            "JOIN pg_class AS c ON c.oid = i.indrelid JOIN pg_namespace AS n ON n.oid = c.relnamespace "
            "CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord) "
            "JOIN pg_attribute AS a ON a.attrelid = c.oid AND a.attnum = k.attnum "
            "WHERE n.nspname = current_schema() AND i.indisunique AND i.indisvalid AND i.indimmediate "
            "AND i.indpred IS NULL AND i.indexprs IS NULL AND k.ord <= i.indnkeyatts ORDER BY 1, 2, k.ord",
      now;
  Poco::Data::RecordSet rows(select);
  add_unique_keys(tables, rows);
}

void read_sqlite_unique_keys(Poco::Data::Session& session, std::map<std::string, TableInfo, std::less<>>& tables) {
  // A rowid table's INTEGER PRIMARY KEY has no index: its columns come from
  // table_info; every other primary key and unique constraint has one.
  Poco::Data::Statement select(session);
  select
      << "SELECT m.name, '', p.name, p.pk FROM sqlite_master AS m JOIN pragma_table_info(m.name) AS p "
         "WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND p.pk > 0 "
         "UNION ALL SELECT m.name, l.name, i.name, i.seqno FROM sqlite_master AS m JOIN pragma_index_list(m.name) AS l "
         "JOIN pragma_index_info(l.name) AS i WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' "
         "AND l.\"unique\" = 1 AND l.partial = 0 ORDER BY 1, 2, 4",
      now;
  Poco::Data::RecordSet rows(select);
  add_unique_keys(tables, rows);
}

std::map<std::string, TableInfo, std::less<>> read_postgresql(Poco::Data::Session& session) {
  Poco::Data::Statement select(session);
  select << "SELECT table_name::text, column_name::text, COALESCE(character_maximum_length, 0)::int, "
            "is_nullable::text, data_type::text FROM information_schema.columns WHERE table_schema = current_schema() "
            "ORDER BY table_name, ordinal_position",
      now;
  Poco::Data::RecordSet rows(select);
  std::map<std::string, TableInfo, std::less<>> tables;
  for (std::size_t i = 0; i < rows.rowCount(); ++i) {
    const auto table = rows.value(0, i).convert<std::string>();
    const auto width = rows.value(2, i).convert<int>();
    auto& info = tables[table];
    info.name = table;
    info.columns.push_back(ColumnInfo{
        rows.value(1, i).convert<std::string>(), width > 0 ? std::optional<std::size_t>(width) : std::nullopt,
        rows.value(3, i).convert<std::string>() == "NO", declared_timestamp(rows.value(4, i).convert<std::string>())});
  }
  read_postgresql_unique_keys(session, tables);
  return tables;
}

std::map<std::string, TableInfo, std::less<>> read_sqlite(Poco::Data::Session& session) {
  Poco::Data::Statement select(session);
  select << "SELECT m.name, p.name, p.type, p.\"notnull\" FROM sqlite_master AS m "
            "JOIN pragma_table_info(m.name) AS p WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' "
            "ORDER BY m.name, p.cid",
      now;
  Poco::Data::RecordSet rows(select);
  std::map<std::string, TableInfo, std::less<>> tables;
  for (std::size_t i = 0; i < rows.rowCount(); ++i) {
    const auto table = rows.value(0, i).convert<std::string>();
    auto& info = tables[table];
    info.name = table;
    info.columns.push_back(ColumnInfo{
        rows.value(1, i).convert<std::string>(), declared_text_width(rows.value(2, i).convert<std::string>()),
        rows.value(3, i).convert<int>() != 0, declared_timestamp(rows.value(2, i).convert<std::string>())});
  }
  read_sqlite_unique_keys(session, tables);
  return tables;
}

}  // namespace

const ColumnInfo* TableInfo::column(std::string_view wanted) const {
  for (const auto& c : columns) {
    if (c.name == wanted) return &c;
  }
  return nullptr;
}

SchemaCatalog SchemaCatalog::read(Poco::Data::Session& session, Dialect dialect) {
  SchemaCatalog catalog;
  catalog.tables_ = dialect == Dialect::sqlite ? read_sqlite(session) : read_postgresql(session);
  return catalog;
}

SchemaCatalog SchemaCatalog::of(std::vector<TableInfo> tables) {
  SchemaCatalog catalog;
  for (auto& table : tables) {
    auto name = table.name;
    catalog.tables_.emplace(std::move(name), std::move(table));
  }
  return catalog;
}

std::vector<TableInfo> SchemaCatalog::tables() const {
  std::vector<TableInfo> tables;
  for (const auto& [_, table] : tables_) tables.push_back(table);
  return tables;
}

const TableInfo* SchemaCatalog::table(std::string_view name) const {
  const auto it = tables_.find(name);
  return it == tables_.end() ? nullptr : &it->second;
}

std::optional<std::size_t> SchemaCatalog::width(std::string_view table_name, std::string_view column_name) const {
  const auto* info = table(table_name);
  if (info == nullptr) return std::nullopt;
  const auto* column = info->column(column_name);
  return column == nullptr ? std::nullopt : column->max_chars;
}

std::optional<std::size_t> declared_text_width(std::string_view declared_type) {
  static const std::regex pattern(R"(^\s*(n?varchar|character\s+varying|n?char|character)\s*\(\s*(\d+)\s*\)\s*$)",
                                  std::regex::icase);
  std::match_results<std::string_view::const_iterator> match;
  if (!std::regex_match(declared_type.begin(), declared_type.end(), match, pattern)) return std::nullopt;
  return static_cast<std::size_t>(std::stoull(match[2].str()));
}

bool declared_timestamp(std::string_view declared_type) {
  static const std::regex pattern(
      R"(^\s*(timestamp(tz)?(\s*\(\s*\d+\s*\))?(\s+with(out)?\s+time\s+zone)?|datetime)\s*$)", std::regex::icase);
  return std::regex_match(declared_type.begin(), declared_type.end(), pattern);
}

}  // namespace govsync::host
