// Where the mass-deletion guard draws its line.
#include "writer/deletion_guard.hpp"

#include <gtest/gtest.h>

namespace govsync::host {
namespace {

TEST(DeletionGuard, RefusesMoreThanTheFractionOfStoredRowsBeyondTenRows) {
  const DeletionGuard guard{"resources", 0.5, false};
  EXPECT_NO_THROW(check_deletion(guard, "resources", "t1", 10, 10)) << "ten rows may always go";
  EXPECT_NO_THROW(check_deletion(guard, "resources", "t1", 11, 22)) << "exactly the fraction is allowed";
  EXPECT_THROW(check_deletion(guard, "resources", "t1", 12, 22), MassDeletionRefused);
  EXPECT_THROW(check_deletion(guard, "resources", "t1", 11, 0), MassDeletionRefused);
  EXPECT_NO_THROW(check_deletion(guard, "resources", "t1", 0, 0));
}

TEST(DeletionGuard, AnAllowedRunOrAFractionOfOneDeletesAnything) {
  EXPECT_NO_THROW(check_deletion({"resources", 0.5, true}, "resources", "t1", 1000, 1000));
  EXPECT_NO_THROW(check_deletion({"resources", 1.0, false}, "resources", "t1", 1000, 1000));
  EXPECT_THROW(check_deletion({"resources", 0.0, false}, "resources", "t1", 11, 1000), MassDeletionRefused);
}

TEST(DeletionGuard, TheRefusalSaysHowManyWhereAndHowToAllowIt) {
  try {
    check_deletion({"costs", 0.5, false}, "cost_daily", "contoso", 30, 40);
    FAIL() << "30 of 40 rows passed";
  } catch (const MassDeletionRefused& e) {
    const std::string text = e.what();
    for (const char* part :
         {"30 of the 40 rows of tenant contoso in cost_daily (75%)", "[domain.costs] max_delete_fraction",
          "govsync run --domain costs --tenant contoso --allow-mass-delete", "allow_mass_delete"}) {
      EXPECT_NE(text.find(part), std::string::npos) << part << " not in: " << text;
    }
  }
}

}  // namespace
}  // namespace govsync::host
