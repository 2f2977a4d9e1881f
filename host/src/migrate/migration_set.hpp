#pragma once
// The migration files of one dialect, in order.

#include <filesystem>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "db/database.hpp"

namespace govsync::host {

struct Migration {
  int version = 0;
  std::string name;  // e.g. "009_widen_policy_name"
  std::filesystem::path file;
  std::string sql;
  std::string checksum;  // SHA-256 of the file, hex
};

/// Finds NNN_name.sql (both dialects) and NNN_name.sqlite.sql /
/// NNN_name.postgresql.sql (one dialect) in dir. A version may have one
/// shared file or a file per dialect, not both, and one name.
Result<std::vector<Migration>> discover_migrations(const std::filesystem::path& dir, Dialect dialect);

/// The SHA-256 of a text, as lower-case hex.
std::string sha256_hex(const std::string& text);

}  // namespace govsync::host
