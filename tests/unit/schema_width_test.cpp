#include "db/schema_catalog.hpp"

#include <gtest/gtest.h>

namespace govsync::host {
namespace {

TEST(DeclaredTextWidth, ReadsBoundedTextTypes) {
  EXPECT_EQ(declared_text_width("VARCHAR(255)"), 255U);
  EXPECT_EQ(declared_text_width("varchar( 1000 )"), 1000U);
  EXPECT_EQ(declared_text_width("CHARACTER VARYING(10)"), 10U);
  EXPECT_EQ(declared_text_width("CHAR(2)"), 2U);
  EXPECT_EQ(declared_text_width("NVARCHAR(40)"), 40U);
}

TEST(DeclaredTextWidth, IgnoresOtherTypes) {
  for (const char* type : {"TEXT", "INTEGER", "BIGINT", "DOUBLE PRECISION", "TIMESTAMPTZ", "DECIMAL(10,2)", ""}) {
    EXPECT_FALSE(declared_text_width(type).has_value()) << type;
  }
}

}  // namespace
}  // namespace govsync::host
