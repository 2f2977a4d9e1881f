// Every input the fuzzer once found a problem with still gives a clean outcome.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "report_extractor.hpp"

namespace govsync::dmarc {
namespace {

TEST(FuzzRegressions, EveryKeptInputGivesAResultOrAReason) {
  for (const auto& entry : std::filesystem::directory_iterator(GOVSYNC_DMARC_FUZZ_REGRESSIONS_DIR)) {
    std::ifstream file(entry.path(), std::ios::binary);
    std::ostringstream bytes;
    bytes << file.rdbuf();
    const ExtractOutcome outcome = extract_reports(bytes.str(), "input.bin");
    EXPECT_EQ(outcome.ok(), outcome.rejection.empty()) << entry.path();
    for (const ExtractedDocument& document : outcome.documents) {
      EXPECT_EQ(document.outcome.ok(), document.outcome.rejection.empty()) << entry.path();
    }
    const ParseOutcome direct = parse_report(bytes.str());
    EXPECT_EQ(direct.ok(), direct.rejection.empty()) << entry.path();
  }
}

}  // namespace
}  // namespace govsync::dmarc
