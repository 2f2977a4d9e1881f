#include "config/ini_entries.hpp"

#include <algorithm>
#include <fstream>
#include <map>

namespace govsync::host {
namespace {

std::string trim(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r");
  if (first == std::string::npos) return "";
  const auto last = text.find_last_not_of(" \t\r");
  return text.substr(first, last - first + 1);
}

bool valid_key(const std::string& key) {
  return !key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

Error at_line(const std::string& file, int line, const std::string& problem) {
  return Error{file + ":" + std::to_string(line) + ": " + problem};
}

// One file's entries and section headers, in file order.
Result<IniContent> parse_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) return Error{path.string() + ": cannot read the configuration file (missing or not readable)"};
  const std::string file = path.string();
  IniContent content;
  std::map<std::string, int> first_line;  // "section\nkey" -> line
  std::string section;
  std::string raw;
  int line = 0;
  while (std::getline(in, raw)) {
    ++line;
    const std::string text = trim(raw);
    if (text.empty() || text[0] == '#' || text[0] == ';') continue;
    if (text[0] == '[') {
      if (text.back() != ']') return at_line(file, line, "a section header is [name], with nothing after the ]");
      section = trim(text.substr(1, text.size() - 2));
      if (section.empty()) return at_line(file, line, "empty section name");
      content.sections.push_back(ConfigOrigin{file, section, "", line});
      continue;
    }
    const auto eq = text.find('=');
    if (eq == std::string::npos) return at_line(file, line, "expected 'key = value', a [section] or a # comment");
    const std::string key = trim(text.substr(0, eq));
    if (!valid_key(key)) {
      return at_line(file, line, "'" + key + "' is not a key name (lower-case letters, digits and '_')");
    }
    const auto [it, inserted] = first_line.emplace(section + "\n" + key, line);
    if (!inserted) {
      return at_line(
          file, line,
          "[" + section + "] " + key + " is set twice in this file (also on line " + std::to_string(it->second) + ")");
    }
    content.entries.push_back(IniEntry{ConfigOrigin{file, section, key, line}, trim(text.substr(eq + 1))});
  }
  return content;
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

Result<IniContent> read_ini_files(const std::vector<std::filesystem::path>& files) {
  IniContent content;
  auto& entries = content.entries;
  for (const auto& file : files) {
    auto parsed = parse_file(file);
    if (!parsed) return parsed.error();
    auto& sections = parsed.value().sections;
    content.sections.insert(content.sections.end(), sections.begin(), sections.end());
    for (auto& entry : parsed.value().entries) {
      auto same = std::find_if(entries.begin(), entries.end(), [&](const IniEntry& e) {
        return e.origin.section == entry.origin.section && e.origin.key == entry.origin.key;
      });
      if (same != entries.end()) {
        *same = std::move(entry);  // a later file overrides the key, keeping its first position
      } else {
        entries.push_back(std::move(entry));
      }
    }
  }
  return content;
}

}  // namespace govsync::host
