#include "sample_files.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace govsync::dmarc::testing {

std::string sample_path(std::string_view file_name) {
  return (std::filesystem::path(GOVSYNC_DMARC_SAMPLES_DIR) / std::string(file_name)).string();
}

std::string read_sample(std::string_view file_name) {
  std::ifstream file(sample_path(file_name), std::ios::binary);
  if (!file) {
    ADD_FAILURE() << "cannot read sample " << file_name;
    return {};
  }
  std::ostringstream bytes;
  bytes << file.rdbuf();
  return bytes.str();
}

std::vector<std::string> all_sample_names() {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(GOVSYNC_DMARC_SAMPLES_DIR)) {
    const std::string name = entry.path().filename().string();
    if (entry.is_regular_file() && name != "SOURCES.tsv") names.push_back(name);
  }
  std::sort(names.begin(), names.end());
  return names;
}

ExtractOutcome extract_sample(std::string_view file_name) { return extract_reports(read_sample(file_name), file_name); }

Report single_report_in(std::string_view bytes, std::string_view name) {
  ExtractOutcome outcome = extract_reports(bytes, name);
  if (!outcome.ok()) {
    ADD_FAILURE() << name << " was rejected: " << outcome.rejection;
    return {};
  }
  if (outcome.documents.size() != 1) {
    ADD_FAILURE() << name << " holds " << outcome.documents.size() << " documents, expected 1";
    return {};
  }
  ParseOutcome& parsed = outcome.documents.front().outcome;
  if (!parsed.ok()) {
    ADD_FAILURE() << name << " did not parse: " << parsed.rejection;
    return {};
  }
  return std::move(*parsed.report);
}

Report single_report(std::string_view file_name) { return single_report_in(read_sample(file_name), file_name); }

}  // namespace govsync::dmarc::testing
