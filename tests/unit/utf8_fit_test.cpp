#include "truncate/utf8_fit.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <utility>
#include <vector>

namespace govsync::host {
namespace {

bool valid_utf8(const std::string& text) { return repair_utf8(text) == text; }

TEST(FitUtf8, ShortTextIsUnchanged) {
  const auto fitted = fit_utf8("hello", 10);
  EXPECT_EQ(fitted.text, "hello");
  EXPECT_FALSE(fitted.cut);
  EXPECT_EQ(fitted.original_chars, 5U);
}

TEST(FitUtf8, CountsCharactersNotBytes) {
  const std::string text = "\xC3\xBC\xC3\xBC\xC3\xBC";  // three 2-byte characters
  const auto fitted = fit_utf8(text, 3);
  EXPECT_FALSE(fitted.cut);
  EXPECT_EQ(fitted.text, text);
}

TEST(FitUtf8, CutsAtACodePointBoundary) {
  std::string text;
  for (int i = 0; i < 10; ++i) text += "\xE6\x94\xBF";  // 政, 3 bytes
  const auto fitted = fit_utf8(text, 4);
  EXPECT_TRUE(fitted.cut);
  EXPECT_EQ(fitted.text.size(), 12U);
  EXPECT_EQ(utf8_length(fitted.text), 4U);
  EXPECT_EQ(fitted.original_chars, 10U);
  EXPECT_TRUE(valid_utf8(fitted.text));
}

TEST(FitUtf8, FourByteCharactersAreNeverSplit) {
  const std::string text =
      "a\xF0\x9F\x98\x80"
      "b";  // a😀b
  EXPECT_EQ(fit_utf8(text, 2).text, "a\xF0\x9F\x98\x80");
  EXPECT_EQ(fit_utf8(text, 1).text, "a");
}

TEST(FitUtf8, NoWidthMeansNoCut) {
  const std::string text(5000, 'x');
  const auto fitted = fit_utf8(text, std::nullopt);
  EXPECT_FALSE(fitted.cut);
  EXPECT_EQ(fitted.text.size(), 5000U);
}

TEST(RepairUtf8, ReplacesEachInvalidByteWithReplacementCharacter) {
  EXPECT_EQ(repair_utf8("a\xFF"
                        "b"),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(repair_utf8("\xC3"), "\xEF\xBF\xBD");                                  // truncated sequence
  EXPECT_EQ(repair_utf8("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD");                  // overlong '/'
  EXPECT_EQ(repair_utf8("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // surrogate
  EXPECT_EQ(repair_utf8(std::string("a\0b", 3)),
            "a\xEF\xBF\xBD"
            "b");  // NUL
}

TEST(FitUtf8, RepairsBeforeCounting) {
  const auto fitted = fit_utf8(
      "ab\xFF"
      "cd",
      3);
  EXPECT_TRUE(fitted.repaired);
  EXPECT_TRUE(fitted.cut);
  EXPECT_EQ(fitted.text, "ab\xEF\xBF\xBD");
}

TEST(FitsUtf8, AgreesWithFitUtf8AboutWhatItWouldChange) {
  const std::vector<std::pair<std::string, std::optional<std::size_t>>> cases{{"", 0},
                                                                              {"abc", 3},
                                                                              {"abcd", 3},
                                                                              {"\xC3\xBC\xE6\x94\xBF", 2},
                                                                              {"\xC3\xBC\xE6\x94\xBF", 1},
                                                                              {std::string("a\0b", 3), 10},
                                                                              {"a\xFF"
                                                                               "b",
                                                                               10},
                                                                              {"\xE6\x94", 10},
                                                                              {"\xED\xA0\x80", 10},
                                                                              {"\xF0\x9F\x98\x80", 1},
                                                                              {"long text", std::nullopt}};
  for (const auto& [text, width] : cases) {
    const auto fitted = fit_utf8(text, width);
    EXPECT_EQ(fits_utf8(text, width), !fitted.cut && !fitted.repaired) << text;
  }
}

}  // namespace
}  // namespace govsync::host
