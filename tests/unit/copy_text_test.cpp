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

std::string element(const Value& value) {
  std::string out;
  append_array_element(out, value);
  return out;
}

TEST(ArrayText, WritesNullUnquotedAndEveryTextQuoted) {
  EXPECT_EQ(element(Value{}), "NULL");
  EXPECT_EQ(element(Value{std::string("NULL")}), "\"NULL\"");  // text, not NULL
  EXPECT_EQ(element(Value{std::string("null")}), "\"null\"");
  EXPECT_EQ(element(Value{std::string("")}), "\"\"");
  EXPECT_EQ(element(Value{std::string(" padded ")}), "\" padded \"");  // kept: only unquoted space is dropped
  EXPECT_EQ(element(Value{std::string("{a,b}")}), "\"{a,b}\"");
  EXPECT_EQ(element(Value{std::string("two\nlines")}), "\"two\nlines\"");
  EXPECT_EQ(element(Value{std::string("ü政")}), "\"ü政\"");
}

TEST(ArrayText, EscapesQuotesAndBackslashesInsideTheQuotes) {
  EXPECT_EQ(element(Value{std::string("say \"hi\"")}), "\"say \\\"hi\\\"\"");
  EXPECT_EQ(element(Value{std::string("a\\b\\")}), "\"a\\\\b\\\\\"");
}

TEST(ArrayText, WritesNumbersAndBooleansInTheirTextForm) {
  EXPECT_EQ(element(Value{std::int64_t{-9007199254740993}}), "-9007199254740993");
  EXPECT_EQ(element(Value{std::numeric_limits<double>::quiet_NaN()}), "NaN");
  EXPECT_EQ(element(Value{-std::numeric_limits<double>::infinity()}), "-Infinity");
  EXPECT_EQ(element(Value{true}), "t");
  std::string scalar;
  append_text_form(scalar, Value{std::string("a\\b\t\"c\"")});
  EXPECT_EQ(scalar, "a\\b\t\"c\"");  // as it is: a parameter needs no escapes
}

}  // namespace
}  // namespace govsync::host
