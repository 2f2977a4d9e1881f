// Keys repeated within one run: the writer keeps the last row, as an upsert
// does, and says so once per table, with the count and an example key.
#include <spdlog/sinks/ostream_sink.h>

#include <sstream>

#include "writer_fixture.hpp"

namespace govsync::test {
namespace {

// Whatever is logged through spdlog's default logger while it lives.
class LogCapture {
 public:
  LogCapture() : previous_(spdlog::default_logger()) {
    auto logger = std::make_shared<spdlog::logger>("capture", std::make_shared<spdlog::sinks::ostream_sink_mt>(text_));
    logger->set_pattern("%l %v");
    spdlog::set_default_logger(std::move(logger));
  }
  ~LogCapture() { spdlog::set_default_logger(previous_); }
  LogCapture(const LogCapture&) = delete;
  LogCapture& operator=(const LogCapture&) = delete;
  std::string text() const { return text_.str(); }
  std::size_t count(const std::string& needle) const {
    const auto all = text();
    std::size_t n = 0;
    for (auto at = all.find(needle); at != std::string::npos; at = all.find(needle, at + 1)) ++n;
    return n;
  }

 private:
  std::ostringstream text_;
  std::shared_ptr<spdlog::logger> previous_;
};

using WriterDuplicatesTest = WriterTest;

TEST_P(WriterDuplicatesTest, TwoRecordsSharingAKeyKeepTheLastAndAreLoggedOnce) {
  LogCapture log;
  write("t1", 1, {{"resource_id"}, false}, [](auto& w) {
    w.upsert(resource(1, "first"));
    w.upsert(resource(2, "other"));
    w.upsert(resource(1, "second"));
    EXPECT_EQ(w.rows_written(), 2U);
    EXPECT_EQ(w.duplicate_keys().rows, 1U);
  });
  EXPECT_EQ(db_->count("SELECT COUNT(*) FROM resources"), 2);
  EXPECT_EQ(db_->text("SELECT name FROM resources WHERE resource_id = '/r/1'"), "second");
  EXPECT_EQ(log.count("warning table resources: 1 row of this run had a key already written in this run "
                      "(last one kept), e.g. key (resource_id=/r/1)"),
            1U)
      << log.text();
}

TEST_P(WriterDuplicatesTest, KeysRepeatedInLaterBatchesAreCountedInOneWarning) {
  LogCapture log;
  write("t1", 1, {{"resource_id"}, true}, [](auto& w) {
    for (int i = 0; i < 6000; ++i) w.upsert(resource(i, "first"));
    for (int i = 0; i < 6000; i += 3) w.upsert(resource(i, "again"));
    w.upsert(resource(3, "third time"));
    EXPECT_EQ(w.rows_written(), 6000U);
    EXPECT_EQ(w.duplicate_keys().rows, 2001U);
  });
  EXPECT_EQ(db_->count("SELECT COUNT(*) FROM resources"), 6000);
  EXPECT_EQ(db_->text("SELECT name FROM resources WHERE resource_id = '/r/3'"), "third time");
  EXPECT_EQ(log.count("table resources: "), 1U) << log.text();
  EXPECT_EQ(log.count("table resources: 2001 rows of this run had a key already written in this run (last one kept), "
                      "e.g. key (resource_id=/r/0)"),
            1U)
      << log.text();
}

TEST_P(WriterDuplicatesTest, AnExampleKeyNamesEveryKeyColumn) {
  LogCapture log;
  write(
      "t1", 1, {{"subscription_id", "usage_date", "resource_group", "service_name", "currency"}, false},
      [](auto& w) {
        w.upsert(cost(1, 1.0));
        w.upsert(cost(1, 2.0));
      },
      "cost_daily");
  EXPECT_EQ(log.count("e.g. key (subscription_id=s, usage_date=2026-11-01, resource_group=rg1, "
                      "service_name=Storage, currency=EUR)"),
            1U)
      << log.text();
}

TEST_P(WriterDuplicatesTest, DistinctKeysLogNothing) {
  LogCapture log;
  write("t1", 1, {{"resource_id"}, false}, [](auto& w) {
    for (int i = 0; i < 1500; ++i) w.upsert(resource(i, "x"));
    EXPECT_EQ(w.duplicate_keys().rows, 0U);
  });
  EXPECT_EQ(log.count("already written"), 0U) << log.text();
}

GOVSYNC_ON_EACH_BACKEND(WriterDuplicatesTest);

}  // namespace
}  // namespace govsync::test
