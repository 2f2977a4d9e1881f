#include "config/ini_entries.hpp"

#include <Poco/AutoPtr.h>
#include <Poco/Exception.h>
#include <Poco/Util/IniFileConfiguration.h>

#include <algorithm>
#include <fstream>

namespace govsync::host {
namespace {

// Sections with a name part ([tenant.contoso], [domain.dmarc]) span two path levels.
bool is_named_section_family(const std::string& first) { return first == "tenant" || first == "domain"; }

void collect_leaves(const Poco::Util::AbstractConfiguration& ini, const std::string& path,
                    std::vector<std::string>& leaves) {
  Poco::Util::AbstractConfiguration::Keys children;
  ini.keys(path, children);
  if (children.empty()) {
    if (!path.empty()) leaves.push_back(path);
    return;
  }
  // A path can be both a value and a prefix (a key "a" next to "a.b"): keep the value too.
  if (!path.empty() && ini.has(path) && !ini.getRawString(path, "").empty()) leaves.push_back(path);
  for (const auto& child : children) collect_leaves(ini, path.empty() ? child : path + "." + child, leaves);
}

ConfigOrigin split_path(const std::string& file, const std::string& path) {
  const auto first_dot = path.find('.');
  if (first_dot == std::string::npos) return {file, "", path};
  const std::string first = path.substr(0, first_dot);
  if (is_named_section_family(first)) {
    const auto second_dot = path.find('.', first_dot + 1);
    if (second_dot == std::string::npos) return {file, first, path.substr(first_dot + 1)};
    return {file, path.substr(0, second_dot), path.substr(second_dot + 1)};
  }
  return {file, first, path.substr(first_dot + 1)};
}

}  // namespace

std::vector<std::filesystem::path> config_files(const std::filesystem::path& main) {
  std::vector<std::filesystem::path> files{main};
  const auto drop_in_dir = main.parent_path() / "conf.d";
  std::error_code ec;
  if (!std::filesystem::is_directory(drop_in_dir, ec)) return files;
  std::vector<std::filesystem::path> drop_ins;
  for (const auto& entry : std::filesystem::directory_iterator(drop_in_dir, ec)) {
    if (entry.path().extension() == ".ini" && entry.is_regular_file()) drop_ins.push_back(entry.path());
  }
  std::sort(drop_ins.begin(), drop_ins.end());
  files.insert(files.end(), drop_ins.begin(), drop_ins.end());
  return files;
}

Result<std::vector<IniEntry>> read_ini_entries(const std::vector<std::filesystem::path>& files) {
  std::vector<IniEntry> entries;
  for (const auto& file : files) {
    std::ifstream probe(file);
    if (!probe) return Error{file.string() + ": cannot read the configuration file (missing or not readable)"};
    Poco::AutoPtr<Poco::Util::IniFileConfiguration> ini;
    try {
      ini = new Poco::Util::IniFileConfiguration(file.string());
    } catch (const Poco::Exception& e) {
      return Error{file.string() + ": cannot parse: " + e.displayText()};
    }
    std::vector<std::string> leaves;
    collect_leaves(*ini, "", leaves);
    for (const auto& path : leaves) {
      IniEntry entry{split_path(file.string(), path), ini->getRawString(path, "")};
      auto same = std::find_if(entries.begin(), entries.end(), [&](const IniEntry& e) {
        return e.origin.section == entry.origin.section && e.origin.key == entry.origin.key;
      });
      if (same != entries.end()) {
        *same = std::move(entry);
      } else {
        entries.push_back(std::move(entry));
      }
    }
  }
  return entries;
}

}  // namespace govsync::host
