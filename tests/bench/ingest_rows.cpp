#include "ingest_rows.hpp"

#include <libpq-fe.h>
#include <sqlite3.h>

#include <chrono>
#include <future>
#include <stdexcept>
#include <vector>

namespace govsync::bench {
namespace {

std::string column_list() {
  std::string list;
  for (const char* column : kPolicyStateColumns) list += (list.empty() ? "" : ", ") + std::string(column);
  return list;
}

void sqlite_exec(sqlite3* db, const std::string& sql) {
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK)
    throw std::runtime_error("raw SQLite baseline: " + sql + ": " + sqlite3_errmsg(db));
}

double per_second(long rows, std::chrono::steady_clock::time_point started) {
  return static_cast<double>(rows) / std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
}

}  // namespace

std::array<std::string, 11> policy_state_row(const std::string& tenant, long i) {
  const auto n = std::to_string(i);
  return {tenant,
          "1",
          "00000000-0000-0000-0000-00000000000" + std::to_string(i % 10),
          "/providers/Microsoft.Authorization/policyAssignments/a" + n,
          "/providers/Microsoft.Authorization/policyDefinitions/d" + n,
          "",
          "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/sa" + n,
          "Policy " + n,
          "Storage",
          "NonCompliant",
          "Microsoft.Storage/storageAccounts"};
}

double raw_sqlite_rows_per_second(const std::string& path, int tenants, long rows) {
  sqlite3* db = nullptr;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK)
    throw std::runtime_error("raw SQLite baseline: cannot open " + path);
  sqlite3_stmt* insert = nullptr;
  double result = 0;
  try {
    // The same settings as govsync's sessions.
    sqlite_exec(db, "PRAGMA journal_mode = WAL");
    sqlite_exec(db, "PRAGMA synchronous = NORMAL");
    const auto started = std::chrono::steady_clock::now();
    sqlite_exec(db, "BEGIN");
    const std::string sql =
        "INSERT INTO policy_states (" + column_list() + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &insert, nullptr) != SQLITE_OK)
      throw std::runtime_error(std::string("raw SQLite baseline: prepare: ") + sqlite3_errmsg(db));
    for (int t = 1; t <= tenants; ++t) {
      const std::string tenant = "bench" + std::to_string(t);
      for (long i = 0; i < rows; ++i) {
        const auto row = policy_state_row(tenant, i);
        for (int c = 0; c < 11; ++c) {
          if (c == 1) {
            sqlite3_bind_int64(insert, 2, 1);
          } else {
            sqlite3_bind_text(insert, c + 1, row[c].data(), static_cast<int>(row[c].size()), nullptr);
          }
        }
        if (sqlite3_step(insert) != SQLITE_DONE)
          throw std::runtime_error(std::string("raw SQLite baseline: insert: ") + sqlite3_errmsg(db));
        sqlite3_reset(insert);
      }
    }
    sqlite_exec(db, "COMMIT");
    result = per_second(rows * tenants, started);
  } catch (...) {
    sqlite3_finalize(insert);
    sqlite3_close(db);
    throw;
  }
  sqlite3_finalize(insert);
  sqlite3_close(db);
  return result;
}

namespace {

// COPYs the rows of tenants [first, last] through one connection.
void copy_tenants(const std::string& conninfo, int first, int last, long rows) {
  PGconn* connection = PQconnectdb(conninfo.c_str());
  auto fail = [&](const std::string& what) {
    const std::string message = "raw PostgreSQL baseline: " + what + ": " + PQerrorMessage(connection);
    PQfinish(connection);
    throw std::runtime_error(message);
  };
  if (PQstatus(connection) != CONNECTION_OK) fail("connect");
  PGresult* result = PQexec(connection, ("COPY policy_states (" + column_list() + ") FROM STDIN").c_str());
  const bool copying = PQresultStatus(result) == PGRES_COPY_IN;
  PQclear(result);
  if (!copying) fail("COPY");
  std::string chunk;
  for (int t = first; t <= last; ++t) {
    const std::string tenant = "bench" + std::to_string(t);
    for (long i = 0; i < rows; ++i) {
      const auto row = policy_state_row(tenant, i);
      for (int c = 0; c < 11; ++c) {
        if (c) chunk += '\t';
        chunk += row[c];  // no value holds a backslash, tab or newline
      }
      chunk += '\n';
      if (chunk.size() >= 256 * 1024) {
        if (PQputCopyData(connection, chunk.data(), static_cast<int>(chunk.size())) != 1) fail("COPY data");
        chunk.clear();
      }
    }
  }
  if (!chunk.empty() && PQputCopyData(connection, chunk.data(), static_cast<int>(chunk.size())) != 1) fail("COPY data");
  if (PQputCopyEnd(connection, nullptr) != 1) fail("COPY end");
  bool ok = true;
  while (PGresult* end = PQgetResult(connection)) {
    ok = ok && PQresultStatus(end) == PGRES_COMMAND_OK;
    PQclear(end);
  }
  if (!ok) fail("COPY result");
  PQfinish(connection);
}

}  // namespace

double raw_postgres_rows_per_second(const std::string& conninfo, int tenants, long rows) {
  const auto started = std::chrono::steady_clock::now();
  copy_tenants(conninfo, 1, tenants, rows);
  return per_second(rows * tenants, started);
}

double raw_postgres_concurrent_rows_per_second(const std::string& conninfo, int tenants, long rows) {
  const auto started = std::chrono::steady_clock::now();
  std::vector<std::future<void>> streams;
  for (int t = 1; t <= tenants; ++t)
    streams.push_back(std::async(std::launch::async, [&, t] { copy_tenants(conninfo, t, t, rows); }));
  for (auto& stream : streams) stream.get();
  return per_second(rows * tenants, started);
}

}  // namespace govsync::bench
