#pragma once
// Scans source text for patterns the architecture forbids.

#include <filesystem>
#include <string>
#include <vector>

namespace govsync::test {

struct Violation {
  std::filesystem::path file;
  int line = 0;
  std::string text;
};

/// Lines that construct a Poco::Data Session, SessionPool or SessionFactory
/// session, or keep a session in a static.
std::vector<Violation> session_ownership_violations(const std::filesystem::path& file, const std::string& text);

/// Lines with words that suggest stub, mock or placeholder code.
std::vector<Violation> stub_word_violations(const std::filesystem::path& file, const std::string& text);

/// Lines in a plugin that include host headers instead of the SDK.
std::vector<Violation> host_include_violations(const std::filesystem::path& file, const std::string& text);

/// The C++ source and header files below dir (none if dir is missing).
std::vector<std::filesystem::path> source_files(const std::filesystem::path& dir);

}  // namespace govsync::test
