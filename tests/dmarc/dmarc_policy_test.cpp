// dmarc_policy_of: which TXT record is the domain's DMARC policy (RFC 7489 section 6.6.3).
#include "dmarc_policy.hpp"

#include <gtest/gtest.h>

namespace govsync::test {
namespace {

using dmarc::dmarc_policy_of;

TEST(DmarcPolicy, TheOneDmarcRecordAmongOthersIsThePolicy) {
  const auto choice = dmarc_policy_of(
      {"google-site-verification=abc", "v=DMARC1; p=Reject; sp=quarantine; pct=50; rua=mailto:d@example.test"});
  ASSERT_TRUE(choice.policy.has_value());
  EXPECT_EQ(choice.note, "");
  EXPECT_EQ(choice.policy->record, "v=DMARC1; p=Reject; sp=quarantine; pct=50; rua=mailto:d@example.test");
  EXPECT_EQ(choice.policy->p, "reject");
  EXPECT_EQ(choice.policy->sp, "quarantine");
  EXPECT_EQ(choice.policy->rua, "mailto:d@example.test");
  EXPECT_EQ(choice.policy->pct, 50);
}

TEST(DmarcPolicy, TheVersionTagIsMatchedWithoutRegardToCase) {
  const auto choice = dmarc_policy_of({"V=dmarc1; p=none"});
  ASSERT_TRUE(choice.policy.has_value());
  EXPECT_EQ(choice.policy->p, "none");
}

TEST(DmarcPolicy, NoRecordOrNoDmarcRecordIsNoPolicyWithoutANote) {
  for (const auto& records : {std::vector<std::string>{}, std::vector<std::string>{"v=spf1 -all", "p=reject"}}) {
    const auto choice = dmarc_policy_of(records);
    EXPECT_FALSE(choice.policy.has_value());
    EXPECT_EQ(choice.note, "");
  }
}

TEST(DmarcPolicy, MoreThanOneDmarcRecordIsNoPolicyAndTheNoteSaysWhy) {
  const auto choice = dmarc_policy_of({"v=DMARC1; p=reject", "v=spf1 -all", "v=DMARC1; p=none"});
  EXPECT_FALSE(choice.policy.has_value());
  EXPECT_NE(choice.note.find("2 TXT records start with v=DMARC1"), std::string::npos) << choice.note;
  EXPECT_NE(choice.note.find("RFC 7489 section 6.6.3"), std::string::npos) << choice.note;
}

TEST(DmarcPolicy, AnUnreadablePercentageIsLeftEmpty) {
  const auto choice = dmarc_policy_of({"v=DMARC1; p=none; pct=lots"});
  ASSERT_TRUE(choice.policy.has_value());
  EXPECT_FALSE(choice.policy->pct.has_value());
}

}  // namespace
}  // namespace govsync::test
