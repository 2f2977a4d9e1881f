// govsync::parse_timestamp and format_timestamp: every spelling the services
// send reads as its instant, and the canonical text sorts as time does.
#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include <govsync/timestamp.hpp>

namespace govsync {
namespace {

TEST(Timestamp, TheSpellingsOfOneInstantReadAlike) {
  const auto expected = "2023-03-13T19:15:41.619583Z";
  for (const char* text :
       {"2023-03-13T19:15:41.6195833Z", "2023-03-13T19:15:41.6195833+00:00", "2023-03-13t19:15:41.619583z",
        "2023-03-13 19:15:41.619583Z", "2023-03-13T21:15:41.6195839+02:00", "2023-03-13T14:15:41.619583-0500",
        "2023-03-13T20:15:41.619583+01", "2023-03-13T19:15:41,619583Z"}) {
    EXPECT_EQ(canonical_timestamp(text), expected) << text;
  }
}

TEST(Timestamp, ShorterFormsAndEdges) {
  EXPECT_EQ(canonical_timestamp("2016-12-28T04:41:35Z"), "2016-12-28T04:41:35.000000Z");
  EXPECT_EQ(canonical_timestamp("2016-12-28T04:41Z"), "2016-12-28T04:41:00.000000Z");
  EXPECT_EQ(canonical_timestamp("2016-12-28T04:41:35.5"), "2016-12-28T04:41:35.500000Z") << "no offset: UTC";
  EXPECT_EQ(canonical_timestamp("2016-12-28"), "2016-12-28T00:00:00.000000Z");
  EXPECT_EQ(canonical_timestamp("0001-01-01T00:00:00Z"), "0001-01-01T00:00:00.000000Z") << "Graph's 'never'";
  EXPECT_EQ(canonical_timestamp("2016-12-31T23:59:60Z"), "2017-01-01T00:00:00.000000Z") << "a leap second";
  EXPECT_EQ(canonical_timestamp("2024-02-29T00:00:00Z"), "2024-02-29T00:00:00.000000Z");
  EXPECT_EQ(canonical_timestamp("2024-01-01T00:30:00+01:00"), "2023-12-31T23:30:00.000000Z");
  EXPECT_EQ(canonical_timestamp("9999-12-31T23:59:59.9999999Z"), "9999-12-31T23:59:59.999999Z");
}

TEST(Timestamp, AnythingElseReadsAsNothing) {
  for (const char* text : {"",
                           "yesterday",
                           "2023-02-30T00:00:00Z",
                           "2023-13-01",
                           "2023-00-10",
                           "0000-01-01",
                           "23-03-13",
                           "2023-03-13T24:00:00Z",
                           "2023-03-13T19:60:00Z",
                           "2023-03-13T19:15:61Z",
                           "2023-03-13T19:15:41.Z",
                           "2023-03-13T19:15:41Z trailing",
                           " 2023-03-13T19:15:41Z",
                           "2023-03-13T19:15:41+24:00",
                           "2023-03-13T19:15:41+05:",
                           "2023-03-13T19",
                           "1700000000",
                           "0001-01-01T00:30:00+01:00",
                           "9999-12-31T23:30:00-01:00",
                           "2023-03-13T19:15:41ZZ"}) {
    EXPECT_FALSE(parse_timestamp(text).has_value()) << text;
  }
}

TEST(Timestamp, CanonicalTextSortsAsTimeDoes) {
  // As sent, these sort wrongly as text ('Z' after '.', '+01:00' hiding an earlier instant).
  const std::vector<const char*> in_time_order = {"2021-07-29T15:00:00.5+01:00", "2021-07-29T14:30:00Z",
                                                  "2021-07-29T14:30:00.25Z", "2021-07-29T14:30:01+00:00"};
  std::vector<std::string> canonical;
  for (const char* text : in_time_order) canonical.push_back(*canonical_timestamp(text));
  EXPECT_TRUE(std::is_sorted(canonical.begin(), canonical.end()));
  std::vector<std::string> as_sent(in_time_order.begin(), in_time_order.end());
  EXPECT_FALSE(std::is_sorted(as_sent.begin(), as_sent.end())) << "the example no longer shows the problem";
  for (const auto& text : canonical) EXPECT_EQ(format_timestamp(*parse_timestamp(text)), text);
}

TEST(Timestamp, FormattingRefusesInstantsOutsideTheYearsItCanWrite) {
  using namespace std::chrono;
  EXPECT_THROW(format_timestamp(sys_days(year(10000) / 1 / 1)), std::out_of_range);
  EXPECT_THROW(format_timestamp(sys_days(year(0) / 12 / 31)), std::out_of_range);
  EXPECT_THROW(format_timestamp(Timestamp::max()), std::out_of_range);
  EXPECT_THROW(format_timestamp(Timestamp::min()), std::out_of_range);
  EXPECT_EQ(format_timestamp(sys_days(year(9999) / 12 / 31) + hours(23)), "9999-12-31T23:00:00.000000Z");
}

}  // namespace
}  // namespace govsync
