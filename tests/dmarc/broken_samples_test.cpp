// The broken samples are rejected with a reason that says what is wrong.

#include <gtest/gtest.h>

#include "sample_files.hpp"

namespace govsync::dmarc {
namespace {

// The rejection reason of the single document in `file_name` (or of the input itself).
std::string rejection_of(const char* file_name) {
  const ExtractOutcome outcome = testing::extract_sample(file_name);
  if (!outcome.ok()) return outcome.rejection;
  if (outcome.documents.size() != 1) return "expected one document";
  return outcome.documents[0].outcome.ok() ? "accepted" : outcome.documents[0].outcome.rejection;
}

TEST(BrokenSamples, EmptyFileIsRejected) {
  EXPECT_EQ(rejection_of("empty.xml"), "empty file");
  EXPECT_EQ(parse_report("").rejection, "empty file");
}

TEST(BrokenSamples, UnescapedAngleBracketIsNotWellFormed) {
  // Line 5 is "  <email><bad-xml@bad-xml.net></email>": '@' is not allowed in a name.
  EXPECT_EQ(rejection_of("invalid_xml.xml"), "not well-formed XML at line 5, column 17: invalid token");
}

TEST(BrokenSamples, InvalidUtf8IsRejectedWithItsOffset) {
  // The 0x91 byte after "bad_byte" in <header_from> is at offset 706.
  EXPECT_EQ(rejection_of("invalid_utf_8.xml"), "invalid UTF-8 at byte 706");
}

TEST(BrokenSamples, StrayUnclosedSchemaTagMakesIkeaReportNotWellFormed) {
  // Line 1 opens <xs:schema ...> around <feedback> and never closes it.
  EXPECT_EQ(rejection_of("ikea.com!example.de!1538690400!1538776800.xml"),
            "not well-formed XML at line 47, column 11: no element found (element <xs:schema> is never closed)");
}

}  // namespace
}  // namespace govsync::dmarc
