#include "db/sqlite_functions.hpp"

#include <Poco/Data/SQLite/SQLiteException.h>
#include <Poco/Data/SQLite/Utility.h>
#include <sqlite3.h>

#include <string>
#include <string_view>

#include <govsync/timestamp.hpp>

namespace govsync::host {
namespace {

void canonical_timestamp_function(sqlite3_context* context, int, sqlite3_value** arguments) {
  if (sqlite3_value_type(arguments[0]) != SQLITE_TEXT) {
    sqlite3_result_null(context);
    return;
  }
  const auto* text = sqlite3_value_text(arguments[0]);
  const auto bytes = static_cast<std::size_t>(sqlite3_value_bytes(arguments[0]));
  const auto canonical = canonical_timestamp(std::string_view(reinterpret_cast<const char*>(text), bytes));
  if (!canonical) {
    sqlite3_result_null(context);
    return;
  }
  sqlite3_result_text(context, canonical->data(), static_cast<int>(canonical->size()), SQLITE_TRANSIENT);
}

}  // namespace

void register_sqlite_functions(Poco::Data::Session& session) {
  sqlite3* connection = Poco::Data::SQLite::Utility::dbHandle(session);
  if (sqlite3_create_function_v2(connection, "govsync_canonical_timestamp", 1,
                                 SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, nullptr,
                                 canonical_timestamp_function, nullptr, nullptr, nullptr) != SQLITE_OK) {
    throw Poco::Data::SQLite::SQLiteException(std::string("cannot register govsync_canonical_timestamp: ") +
                                              sqlite3_errmsg(connection));
  }
}

}  // namespace govsync::host
