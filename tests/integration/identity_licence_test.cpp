// The identity plugin in a tenant without Microsoft Entra ID P1/P2 (most small
// tenants): Graph refuses signInActivity and the MFA registration details with
// 403 Authentication_RequestFromNonPremiumTenantOrB2CTenant. Users and role
// members are still synced, the stored registrations are kept, the snapshot
// says which parts were unavailable, and the hint names the licence.
#include "backend_param.hpp"
#include "emulator_config.hpp"

namespace govsync::test {
namespace {

std::string scenario(bool premium) {
  return std::string(R"({"seed": 7, "tenants": [{"directory_id": "00000000-0000-0000-0000-000000000001",
      "client_id": "11111111-1111-1111-1111-111111111111", "users": 12, "guests": 2,
      "directory_roles": 2, "members_per_role": 2, "page_size": 5, "no_premium_licence": )") +
         (premium ? "false" : "true") + "}]}";
}

using IdentityLicence = OnEachBackend;

TEST_P(IdentityLicence, ATenantWithoutPremiumKeepsUsersRolesAndStoredRegistrations) {
  EmulatorProcess emulator(scenario(true));
  TestDatabase db(GetParam());
  TempDir dir;
  const auto config = emulator_config(dir, db, emulator, {"identity.so"}, "[domain.identity]\nenabled = true\n");
  const auto first = run_govsync({"run", "--config", config.string()});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  const auto registrations = db.count("SELECT COUNT(*) FROM identity_mfa_registrations");
  ASSERT_EQ(registrations, 14);
  EXPECT_EQ(db.count("SELECT COUNT(*) FROM identity_mfa_registrations WHERE preferred_secondary_method = 'push'"),
            db.count("SELECT COUNT(*) FROM identity_mfa_registrations WHERE is_mfa_registered = TRUE"));

  emulator.set_scenario(scenario(false));
  const auto second = run_govsync({"run", "--config", config.string()});
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_EQ(db.count("SELECT COUNT(*) FROM identity_users"), 14);
  EXPECT_EQ(db.count("SELECT COUNT(*) FROM identity_role_members"), 4);
  EXPECT_EQ(db.count("SELECT COUNT(*) FROM identity_mfa_registrations"), registrations) << "stored ones kept";
  EXPECT_EQ(db.count("SELECT COUNT(*) FROM sync_runs WHERE status = 'succeeded'"), 2);
  // The latest snapshot says what was missing and why.
  const auto latest = " FROM identity_snapshots WHERE captured_at = (SELECT MAX(captured_at) FROM identity_snapshots)";
  EXPECT_EQ(db.count("SELECT COUNT(*)" + std::string(latest) +
                     " AND sign_in_activity_available = FALSE AND mfa_registration_available = FALSE "
                     "AND mfa_registered IS NULL AND stale_90 IS NULL"),
            1);
  const auto note = db.text("SELECT note" + std::string(latest));
  EXPECT_NE(note.find("signInActivity unavailable"), std::string::npos) << note;
  EXPECT_NE(note.find("MFA registration details unavailable"), std::string::npos) << note;
  EXPECT_NE(note.find("no Microsoft Entra ID P1 or P2 licence"), std::string::npos) << note;
  EXPECT_EQ(note.find("probably lacks"), std::string::npos) << "a licence problem blamed on a permission: " << note;
}

GOVSYNC_ON_EACH_BACKEND(IdentityLicence);

}  // namespace
}  // namespace govsync::test
