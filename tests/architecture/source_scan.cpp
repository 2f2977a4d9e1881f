#include "source_scan.hpp"

#include <algorithm>
#include <regex>
#include <sstream>

namespace govsync::test {
namespace {

std::vector<Violation> matching_lines(const std::filesystem::path& file, const std::string& text,
                                      const std::regex& pattern) {
  std::vector<Violation> found;
  std::istringstream lines(text);
  std::string line;
  int number = 0;
  while (std::getline(lines, line)) {
    ++number;
    if (std::regex_search(line, pattern)) found.push_back({file, number, line});
  }
  return found;
}

}  // namespace

std::vector<Violation> session_ownership_violations(const std::filesystem::path& file, const std::string& text) {
  static const std::regex pattern(
      R"((SessionPool|SessionFactory|Data::Session\s*\(|Data::Session\s+\w+\s*[({]|Session\s+\w+\s*\(\s*"|static\s+[\w:<>]*Session\b))");
  return matching_lines(file, text, pattern);
}

std::vector<Violation> stub_word_violations(const std::filesystem::path& file, const std::string& text) {
  static const std::regex pattern(
      R"(\b(stub|stubs|mock|mocks|mocked|placeholder|not implemented|todo: implement|fake)\b)", std::regex::icase);
  return matching_lines(file, text, pattern);
}

std::vector<Violation> host_include_violations(const std::filesystem::path& file, const std::string& text) {
  static const std::regex pattern(
      R"(#\s*include\s*["<](host/|src/|cli/|db/|runs/|writer/|truncate/|loader/|config/|migrate/))");
  return matching_lines(file, text, pattern);
}

std::vector<std::filesystem::path> source_files(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    const auto ext = entry.path().extension();
    if (entry.is_regular_file() && (ext == ".cpp" || ext == ".hpp" || ext == ".h" || ext == ".cc" || ext == ".in")) {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace govsync::test
