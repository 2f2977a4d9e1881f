#include "migrate/migration_set.hpp"

#include <Poco/DigestEngine.h>
#include <Poco/SHA2Engine.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

namespace govsync::host {

std::string sha256_hex(const std::string& text) {
  Poco::SHA2Engine engine(Poco::SHA2Engine::SHA_256);
  engine.update(text);
  return Poco::DigestEngine::digestToHex(engine.digest());
}

Result<std::vector<Migration>> discover_migrations(const std::filesystem::path& dir, Dialect dialect) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    return Error{"migrations directory " + dir.string() +
                 " does not exist; set [database] migrations_dir to the folder holding NNN_name.sql files"};
  }
  static const std::regex pattern(R"(^(\d{3})_([a-z0-9_]+?)(\.(sqlite|postgresql))?\.sql$)");
  const std::string own_dialect(dialect_name(dialect));
  struct Found {
    std::string name;
    std::filesystem::path shared;
    std::filesystem::path own;
  };
  std::map<int, Found> found;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    const auto file_name = entry.path().filename().string();
    std::smatch m;
    if (!std::regex_match(file_name, m, pattern)) {
      if (entry.path().extension() == ".sql") {
        return Error{entry.path().string() + ": not a migration name; use NNN_name.sql or NNN_name.<dialect>.sql"};
      }
      continue;
    }
    const int version = std::stoi(m[1].str());
    const std::string name = m[1].str() + "_" + m[2].str();
    auto& slot = found[version];
    if (!slot.name.empty() && slot.name != name) {
      return Error{dir.string() + ": migrations " + slot.name + " and " + name + " share version " + m[1].str() +
                   "; give each migration its own number"};
    }
    slot.name = name;
    if (!m[4].matched) {
      slot.shared = entry.path();
    } else if (m[4].str() == own_dialect) {
      slot.own = entry.path();
    }
  }
  std::vector<Migration> migrations;
  for (const auto& [version, slot] : found) {
    if (!slot.shared.empty() && !slot.own.empty()) {
      return Error{slot.own.string() + ": migration " + slot.name +
                   " has both a shared file and a dialect file; keep one"};
    }
    const auto& file = slot.own.empty() ? slot.shared : slot.own;
    if (file.empty()) {
      return Error{dir.string() + ": migration " + slot.name + " has no file for " + own_dialect + "; add " +
                   slot.name + "." + own_dialect + ".sql or a shared " + slot.name + ".sql"};
    }
    std::ifstream in(file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in) return Error{file.string() + ": cannot read the migration"};
    migrations.push_back(Migration{version, slot.name, file, text.str(), sha256_hex(text.str())});
  }
  return migrations;
}

}  // namespace govsync::host
