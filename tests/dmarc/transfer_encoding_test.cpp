#include "transfer_encoding.hpp"

#include <gtest/gtest.h>

namespace govsync::dmarc {
namespace {

TEST(TransferEncoding, Base64IgnoresLineBreaksAndStopsAtPadding) {
  EXPECT_EQ(decode_base64("PGZl\r\nZWRi\nYWNr\nPg=="), "<feedback>");
  EXPECT_EQ(decode_base64("YQ==garbage"), "a");
  EXPECT_EQ(decode_base64(""), "");
}

TEST(TransferEncoding, QuotedPrintable) {
  EXPECT_EQ(decode_quoted_printable("a=3Db"), "a=b");
  EXPECT_EQ(decode_quoted_printable("soft=\r\nbreak=\nhere"), "softbreakhere");
  EXPECT_EQ(decode_quoted_printable("caf=C3=A9"), "caf\xC3\xA9");
  EXPECT_EQ(decode_quoted_printable("bad=ZZ and end="), "bad=ZZ and end");
}

}  // namespace
}  // namespace govsync::dmarc
