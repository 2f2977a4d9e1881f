#include "db/schema_catalog.hpp"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Statement.h>

#include <regex>

namespace govsync::host {
namespace {

using Poco::Data::Keywords::bind;
using Poco::Data::Keywords::now;

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
