// The library keeps no shared state: parsing from several threads at once gives the same
// results as parsing one after another.

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "sample_files.hpp"

namespace govsync::dmarc {
namespace {

// A short fingerprint of what extracting `bytes` gave.
std::string summary(const std::string& bytes, const std::string& name) {
  const ExtractOutcome outcome = extract_reports(bytes, name);
  std::string text = outcome.rejection;
  for (const ExtractedDocument& document : outcome.documents) {
    text += "|" + document.name + ":" + document.outcome.rejection;
    if (document.outcome.ok()) {
      text += document.outcome.report->report_id + "/" + std::to_string(document.outcome.report->records.size());
    }
  }
  return text;
}

TEST(Concurrency, ParallelExtractionMatchesSequential) {
  const std::vector<std::string> names = testing::all_sample_names();
  std::vector<std::string> inputs;
  std::vector<std::string> expected;
  for (const std::string& name : names) {
    inputs.push_back(testing::read_sample(name));
    expected.push_back(summary(inputs.back(), name));
  }
  constexpr int kThreads = 4;
  std::vector<std::vector<std::string>> results(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      std::vector<std::string>& mine = results[static_cast<std::size_t>(t)];
      mine.assign(names.size(), {});
      for (int round = 0; round < 3; ++round) {
        for (std::size_t i = 0; i < names.size(); ++i) {
          const std::size_t k = (i + static_cast<std::size_t>(t) * 7) % names.size();  // threads start apart
          mine[k] = summary(inputs[k], names[k]);
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (int t = 0; t < kThreads; ++t) EXPECT_EQ(results[static_cast<std::size_t>(t)], expected) << "thread " << t;
}

}  // namespace
}  // namespace govsync::dmarc
