#pragma once
// The live schema: tables, columns and declared text widths, read from the database.

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <Poco/Data/Session.h>

#include "db/database.hpp"

namespace govsync::host {

struct ColumnInfo {
  std::string name;
  /// The declared width in characters of a VARCHAR(n)/CHAR(n) column; nothing if unbounded.
  std::optional<std::size_t> max_chars;
  bool not_null = false;
  /// Declared as a point in time (TIMESTAMPTZ, TIMESTAMP, DATETIME): the writer canonicalises its text.
  bool timestamp = false;
};

struct TableInfo {
  std::string name;
  std::vector<ColumnInfo> columns;
  /// The columns of its primary key and of each unique constraint or index
  /// that an upsert can name as its conflict target (no partial or expression
  /// index), each in its declared order.
  std::vector<std::vector<std::string>> unique_keys;
  const ColumnInfo* column(std::string_view name) const;
};

/// A snapshot of the schema. Read it again after migrations.
class SchemaCatalog {
 public:
  /// Reads information_schema (PostgreSQL, current schema) or the declared
  /// column types (SQLite, which ignores widths but keeps the declarations).
  static SchemaCatalog read(Poco::Data::Session& session, Dialect dialect);
  /// A catalog of these tables: one read elsewhere and handed over (to a worker process).
  static SchemaCatalog of(std::vector<TableInfo> tables);
  /// Every table, in name order.
  std::vector<TableInfo> tables() const;

  const TableInfo* table(std::string_view name) const;
  std::optional<std::size_t> width(std::string_view table, std::string_view column) const;

 private:
  std::map<std::string, TableInfo, std::less<>> tables_;
};

/// The width in a declared SQL type: VARCHAR(255), CHARACTER VARYING(10), CHAR(2)
/// (case-insensitive). Nothing for any other type.
std::optional<std::size_t> declared_text_width(std::string_view declared_type);

/// True for a declared SQL type that holds a point in time: TIMESTAMP, TIMESTAMPTZ,
/// TIMESTAMP WITH(OUT) TIME ZONE, DATETIME (case-insensitive).
bool declared_timestamp(std::string_view declared_type);

}  // namespace govsync::host
