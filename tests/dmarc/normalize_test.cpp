#include "normalize.hpp"

#include <gtest/gtest.h>

namespace govsync::dmarc {
namespace {

TEST(Normalize, TrimRemovesXmlWhitespaceOnly) {
  EXPECT_EQ(trim(" \t\r\n pass \n"), "pass");
  EXPECT_EQ(trim("\xC2\xA0x"), "\xC2\xA0x");  // no-break space is content
  EXPECT_EQ(trim("   "), "");
}

TEST(Normalize, LowerTrimmedLowersAsciiOnly) {
  EXPECT_EQ(lower_trimmed("  Quarantine "), "quarantine");
  EXPECT_EQ(lower_trimmed("ExAmPle.COM"), "example.com");
  EXPECT_EQ(lower_trimmed("\xC3\x89"), "\xC3\x89");
}

TEST(Normalize, NonNegativeIntegers) {
  EXPECT_EQ(parse_non_negative_integer(" 42\n"), 42);
  EXPECT_EQ(parse_non_negative_integer("0"), 0);
  EXPECT_EQ(parse_non_negative_integer("9223372036854775807"), INT64_MAX);
  EXPECT_FALSE(parse_non_negative_integer("9223372036854775808"));
  EXPECT_FALSE(parse_non_negative_integer(""));
  EXPECT_FALSE(parse_non_negative_integer("-1"));
  EXPECT_FALSE(parse_non_negative_integer("+1"));
  EXPECT_FALSE(parse_non_negative_integer("1.0"));
  EXPECT_FALSE(parse_non_negative_integer("1 2"));
}

TEST(Normalize, CanonicalIpAddresses) {
  EXPECT_EQ(canonical_ip_address(" 192.0.2.1 "), "192.0.2.1");
  EXPECT_EQ(canonical_ip_address("2607:f8b0:4864:20::132"), "2607:f8b0:4864:20::132");
  EXPECT_EQ(canonical_ip_address("2001:DB8:0:0:0:0:0:1"), "2001:db8::1");
  EXPECT_EQ(canonical_ip_address("::ffff:192.0.2.1"), "::ffff:192.0.2.1");
  EXPECT_FALSE(canonical_ip_address("192.0.2"));
  EXPECT_FALSE(canonical_ip_address("example.com"));
  EXPECT_FALSE(canonical_ip_address(""));
  EXPECT_FALSE(canonical_ip_address(std::string_view("1.2.3.4\0", 8)));
}

TEST(Normalize, Utf8Validation) {
  EXPECT_FALSE(first_invalid_utf8_offset("plain ascii"));
  EXPECT_FALSE(first_invalid_utf8_offset("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"));
  EXPECT_EQ(first_invalid_utf8_offset("ab\x91"), 2U);            // lone continuation byte
  EXPECT_EQ(first_invalid_utf8_offset("a\xC0\xAF"), 1U);         // overlong '/'
  EXPECT_EQ(first_invalid_utf8_offset("\xED\xA0\x80"), 0U);      // UTF-16 surrogate
  EXPECT_EQ(first_invalid_utf8_offset("\xF4\x90\x80\x80"), 0U);  // above U+10FFFF
  EXPECT_EQ(first_invalid_utf8_offset("xy\xE2\x82"), 2U);        // truncated sequence
}

}  // namespace
}  // namespace govsync::dmarc
