#include "config/duration.hpp"

#include <gtest/gtest.h>

namespace govsync::host {
namespace {

TEST(ParseDuration, AcceptsEachUnit) {
  EXPECT_EQ(parse_duration("30s"), std::chrono::seconds(30));
  EXPECT_EQ(parse_duration("15m"), std::chrono::seconds(900));
  EXPECT_EQ(parse_duration("4h"), std::chrono::seconds(14400));
  EXPECT_EQ(parse_duration("1d"), std::chrono::seconds(86400));
  EXPECT_EQ(parse_duration("0s"), std::chrono::seconds(0));
}

TEST(ParseDuration, RejectsMalformedText) {
  for (const char* bad : {"", "s", "10", "10x", "-5s", "1.5h", "10 s", "h4", "99999999999999999999s", "4hours"}) {
    EXPECT_FALSE(parse_duration(bad).has_value()) << bad;
  }
}

TEST(FormatDuration, UsesTheLargestExactUnit) {
  EXPECT_EQ(format_duration(std::chrono::seconds(90)), "90s");
  EXPECT_EQ(format_duration(std::chrono::seconds(900)), "15m");
  EXPECT_EQ(format_duration(std::chrono::seconds(14400)), "4h");
  EXPECT_EQ(format_duration(std::chrono::seconds(172800)), "2d");
}

}  // namespace
}  // namespace govsync::host
