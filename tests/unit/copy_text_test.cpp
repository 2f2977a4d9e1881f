#include "writer/copy_text.hpp"

#include <gtest/gtest.h>

#include <limits>

namespace govsync::host {
namespace {

std::string field(const Value& value) {
  std::string out;
  append_copy_field(out, value);
  return out;
}

TEST(CopyText, WritesNullAsBackslashN) { EXPECT_EQ(field(Value{}), "\\N"); }

TEST(CopyText, EscapesTheCharactersThatEndFieldsAndRows) {
  EXPECT_EQ(field(Value{std::string("a\\b\tc\nd\re")}), "a\\\\b\\tc\\nd\\re");
  EXPECT_EQ(field(Value{std::string("\\N")}), "\\\\N");  // text, not NULL
  EXPECT_EQ(field(Value{std::string("ü政")}), "ü政");
}

TEST(CopyText, WritesNumbersAndBooleansAsPostgreSQLReadsThem) {
  EXPECT_EQ(field(Value{std::int64_t{-9007199254740993}}), "-9007199254740993");
  EXPECT_EQ(field(Value{12.5}), "12.5");
  EXPECT_EQ(field(Value{0.1}), "0.1");
  EXPECT_EQ(field(Value{std::numeric_limits<double>::infinity()}), "Infinity");
  EXPECT_EQ(field(Value{-std::numeric_limits<double>::infinity()}), "-Infinity");
  EXPECT_EQ(field(Value{std::numeric_limits<double>::quiet_NaN()}), "NaN");
  EXPECT_EQ(field(Value{true}), "t");
  EXPECT_EQ(field(Value{false}), "f");
}

}  // namespace
}  // namespace govsync::host
