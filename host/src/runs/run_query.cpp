#include "runs/run_query.hpp"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Statement.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/DateTimeParser.h>
#include <Poco/Exception.h>

#include <regex>

namespace govsync::host {
namespace {

using Poco::Data::Keywords::bind;

constexpr const char* kIsoUtc = "%Y-%m-%dT%H:%M:%S.%iZ";

std::string iso_utc_sql(Dialect dialect, const std::string& column) {
  // SQLite stores the text of sql_now(), already in this form.
  if (dialect == Dialect::sqlite) return "COALESCE(" + column + ", '')";
  return "COALESCE(to_char(" + column + " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), '')";
}

std::string select_sql(Dialect dialect) {
  return "SELECT id, domain, tenant_id, status, trigger, attempt, owner, " + iso_utc_sql(dialect, "started_at") + ", " +
         iso_utc_sql(dialect, "finished_at") +
         ", rows_written, rows_deleted, truncations, COALESCE(error, '') FROM sync_runs";
}

std::vector<RunRecord> read_records(Poco::Data::Statement& select) {
  Poco::Data::RecordSet rows(select);
  std::vector<RunRecord> records;
  for (std::size_t i = 0; i < rows.rowCount(); ++i) {
    RunRecord r;
    r.id = rows.value(0, i).convert<Poco::Int64>();
    r.domain = rows.value(1, i).convert<std::string>();
    r.tenant = rows.value(2, i).convert<std::string>();
    r.status = rows.value(3, i).convert<std::string>();
    r.trigger = rows.value(4, i).convert<std::string>();
    r.attempt = rows.value(5, i).convert<int>();
    r.owner = rows.value(6, i).convert<std::string>();
    r.started_at = rows.value(7, i).convert<std::string>();
    r.finished_at = rows.value(8, i).convert<std::string>();
    r.rows_written = rows.value(9, i).convert<Poco::Int64>();
    r.rows_deleted = rows.value(10, i).convert<Poco::Int64>();
    r.truncations = rows.value(11, i).convert<Poco::Int64>();
    r.error = rows.value(12, i).convert<std::string>();
    records.push_back(std::move(r));
  }
  return records;
}

}  // namespace

std::optional<std::string> normalize_timestamp(const std::string& text) {
  // Poco's parser is lenient (it skips what it does not expect): check the shape first.
  static const std::regex shape(
      R"(^[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,9})?)?(Z|[+-][0-9]{2}:?[0-9]{2})?)?$)");
  if (!std::regex_match(text, shape)) return std::nullopt;
  Poco::DateTime parsed;
  int offset = 0;
  const char* formats[] = {"%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%s%z", "%Y-%m-%dT%H:%M%z", "%Y-%m-%d"};
  for (const char* format : formats) {
    if (Poco::DateTimeParser::tryParse(format, text, parsed, offset)) {
      parsed.makeUTC(offset);
      return Poco::DateTimeFormatter::format(parsed, kIsoUtc);
    }
  }
  return std::nullopt;
}

std::vector<RunRecord> find_runs(Database& db, const RunFilter& filter) {
  std::string sql = select_sql(db.dialect()) + " WHERE 1 = 1";
  std::vector<std::string> values;
  // `test` has one '?' where the value's $N parameter goes.
  auto add = [&](const std::optional<std::string>& value, const std::string& test) {
    if (!value) return;
    values.push_back(*value);
    const auto at = test.find('?');
    sql += " AND " + test.substr(0, at) + "$" + std::to_string(values.size()) + test.substr(at + 1);
  };
  add(filter.domain, "domain = ?");
  add(filter.tenant, "tenant_id = ?");
  add(filter.status, "status = ?");
  add(filter.since, db.dialect() == Dialect::postgresql ? "started_at >= CAST(? AS timestamptz)" : "started_at >= ?");
  sql += " ORDER BY id DESC LIMIT $" + std::to_string(values.size() + 1);

  auto lease = db.lease();
  try {
    Poco::Data::Statement select(lease.session());
    select << sql;
    for (const auto& v : values) select, bind(v);
    select, bind(filter.limit);
    select.execute();
    return read_records(select);
  } catch (...) {
    lease.discard();
    throw;
  }
}

std::optional<RunRecord> find_run(Database& db, std::int64_t id) {
  auto lease = db.lease();
  try {
    Poco::Data::Statement select(lease.session());
    select << select_sql(db.dialect()) + " WHERE id = $1", bind(static_cast<Poco::Int64>(id));
    select.execute();
    auto records = read_records(select);
    if (records.empty()) return std::nullopt;
    return records.front();
  } catch (...) {
    lease.discard();
    throw;
  }
}

}  // namespace govsync::host
