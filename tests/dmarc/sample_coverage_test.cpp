// Every sample is accounted for: each one either yields valid reports or is one of the known
// broken samples, and SOURCES.tsv describes each one.

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <string>

#include "sample_files.hpp"

namespace govsync::dmarc {
namespace {

const std::set<std::string> kBrokenSamples = {"empty.xml", "invalid_utf_8.xml", "invalid_xml.xml",
                                              "ikea.com!example.de!1538690400!1538776800.xml"};

TEST(SampleCoverage, EverySampleIsValidOrKnownBroken) {
  const auto names = testing::all_sample_names();
  EXPECT_EQ(names.size(), 26U);
  for (const std::string& name : names) {
    const ExtractOutcome outcome = testing::extract_sample(name);
    bool all_valid = outcome.ok() && !outcome.documents.empty();
    for (const ExtractedDocument& document : outcome.documents) all_valid = all_valid && document.outcome.ok();
    EXPECT_EQ(all_valid, !kBrokenSamples.contains(name)) << name;
  }
}

TEST(SampleCoverage, SourcesTsvDescribesEverySample) {
  std::ifstream sources(testing::sample_path("SOURCES.tsv"));
  ASSERT_TRUE(sources);
  std::string line;
  std::getline(sources, line);
  EXPECT_TRUE(line.starts_with("local_name\t"));
  std::set<std::string> described;
  while (std::getline(sources, line)) described.insert(line.substr(0, line.find('\t')));
  for (const std::string& name : testing::all_sample_names()) {
    EXPECT_TRUE(described.contains("dmarc/" + name)) << name;
  }
}

}  // namespace
}  // namespace govsync::dmarc
