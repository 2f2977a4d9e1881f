#pragma once
// Runs from the sync_runs ledger, filtered, for the admin API.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"

namespace govsync::host {

struct RunFilter {
  std::optional<std::string> domain;
  std::optional<std::string> tenant;
  std::optional<std::string> status;
  /// Runs that started at or after this UTC time, as YYYY-MM-DDTHH:MM:SS.mmmZ.
  std::optional<std::string> since;
  int limit = 100;
};

/// One sync_runs row. Times are UTC, YYYY-MM-DDTHH:MM:SS.mmmZ; empty when unset.
struct RunRecord {
  std::int64_t id = 0;
  std::string domain;
  std::string tenant;
  std::string status;
  std::string trigger;
  int attempt = 1;
  std::string owner;
  std::string started_at;
  std::string finished_at;
  std::int64_t rows_written = 0;
  std::int64_t rows_deleted = 0;
  std::int64_t truncations = 0;
  std::string error;
};

/// The runs that match, newest first, at most filter.limit.
std::vector<RunRecord> find_runs(Database& db, const RunFilter& filter);
/// One run by its id.
std::optional<RunRecord> find_run(Database& db, std::int64_t id);

/// An ISO 8601 time (e.g. 2026-11-27T04:00:00Z, or with an offset) as UTC
/// YYYY-MM-DDTHH:MM:SS.mmmZ; nothing when it is not one.
std::optional<std::string> normalize_timestamp(const std::string& text);

}  // namespace govsync::host
