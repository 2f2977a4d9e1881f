// The identity plugin's parsers on the Microsoft Graph documentation samples
// in tests/samples/graph/, and the same parsers on the emulator's answers.
#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include "azure/azure_client_impl.hpp"
#include "identity_parser.hpp"
#include "test_support.hpp"

namespace govsync::test {
namespace {

Poco::JSON::Object::Ptr graph_sample(const std::string& file) {
  const auto text = read_file(source_dir() / "tests" / "samples" / "graph" / file);
  return Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
}

TEST(GraphSampleShapes, UsersParseFieldByField) {
  const auto users = identity::parse_users(*graph_sample("graph_v1_users_list_example1_docs.json"));
  ASSERT_EQ(users.size(), 2U);
  EXPECT_EQ(users[0].id, "6ea91a8d-e32e-41a1-b7bd-d2d185eed0e0");
  EXPECT_EQ(users[0].display_name, "Conf Room Adams");
  EXPECT_EQ(users[0].user_principal_name, "Adams@contoso.com");
  EXPECT_EQ(users[0].mail, "Adams@contoso.com");
  EXPECT_EQ(users[0].user_type, "Member");  // not selected in the sample: a UPN without #EXT# is a member
  EXPECT_FALSE(users[0].last_sign_in_at.has_value());
  EXPECT_EQ(users[1].display_name, "MOD Administrator");
  EXPECT_EQ(users[1].mail, "");
}

TEST(GraphSampleShapes, SignInActivityAndStaleness) {
  const auto users = identity::parse_users(*graph_sample("graph_v1_users_list_signInActivity_example11_docs.json"));
  ASSERT_EQ(users.size(), 2U);
  EXPECT_EQ(users[0].display_name, "Adele Vance");
  EXPECT_EQ(users[0].last_sign_in_at, "2021-06-17T16:41:33Z");
  EXPECT_FALSE(users[0].last_non_interactive_sign_in_at.has_value()) << "0001-01-01 means never";
  EXPECT_EQ(identity::last_activity(users[0]), parse_timestamp("2021-06-17T16:41:33Z"));
  EXPECT_EQ(identity::last_activity(users[1]), parse_timestamp("2021-07-29T17:53:42Z"));
  EXPECT_TRUE(identity::is_stale(users[1], 90, *parse_timestamp("2021-11-01T00:00:00Z")));
  EXPECT_FALSE(identity::is_stale(users[1], 90, *parse_timestamp("2021-08-15T00:00:00Z")));
  EXPECT_TRUE(identity::is_stale(users[1], 30, *parse_timestamp("2021-09-01T00:00:00Z")));
}

// Graph's date-time texts vary in fraction digits and offset spelling (RFC 3339,
// section 5.6); staleness compares the instants, not the texts.
TEST(GraphSampleShapes, StalenessComparesInstantsWhateverTheSpelling) {
  const auto page = Poco::JSON::Parser()
                        .parse(R"({"value": [{"id": "u1", "userPrincipalName": "a@contoso.com",
      "signInActivity": {"lastSignInDateTime": "2021-07-29T18:00:00.1234567+01:00",
                         "lastNonInteractiveSignInDateTime": "2021-07-29T16:59:59Z"}}]})")
                        .extract<Poco::JSON::Object::Ptr>();
  const auto users = identity::parse_users(*page);
  ASSERT_EQ(users.size(), 1U);
  // 18:00:00.1234567+01:00 is 17:00:00.123456Z, later than 16:59:59Z ...
  EXPECT_EQ(identity::last_activity(users[0]), parse_timestamp("2021-07-29T17:00:00.123456Z"));
  // ... and more than 90 days before 2021-10-27T17:15:00Z, though its text sorts after the cutoff's.
  EXPECT_TRUE(identity::is_stale(users[0], 90, *parse_timestamp("2021-10-27T17:15:00Z")));
  EXPECT_FALSE(identity::is_stale(users[0], 90, *parse_timestamp("2021-10-27T16:59:00Z")));
}

// UPNs are case-insensitive: a role member Graph names only by UPN (as the
// directoryRole members sample does) is the user whatever the case.
TEST(GraphSampleShapes, ARoleMemberKnownOnlyByUpnMatchesItsUserWhateverTheCase) {
  const auto members = identity::parse_role_members(*graph_sample("graph_v1_directoryRole_members_example1_docs.json"));
  ASSERT_EQ(members.size(), 1U);
  identity::PrivilegedMembers privileged;
  privileged.add(members[0]);
  identity::User user;
  user.id = "some-object-id";
  user.user_principal_name = "adelev@CONTOSO.com";
  EXPECT_TRUE(privileged.includes(user)) << members[0].user_principal_name;
  user.user_principal_name = "adele@contoso.com";
  EXPECT_FALSE(privileged.includes(user));
  user.user_principal_name.clear();
  EXPECT_FALSE(privileged.includes(user)) << "no UPN matches no member";
}

TEST(GraphSampleShapes, UsersWithoutAnIdAreCountedAndLeftOut) {
  const auto page = Poco::JSON::Parser()
                        .parse(R"({"value": [{"id": "u1", "userPrincipalName": "a@contoso.com"},
                                              {"userPrincipalName": "b@contoso.com"}, {"id": null}]})")
                        .extract<Poco::JSON::Object::Ptr>();
  std::size_t without_id = 0;
  const auto users = identity::parse_users(*page, &without_id);
  ASSERT_EQ(users.size(), 1U);
  EXPECT_EQ(without_id, 2U);
}

TEST(GraphSampleShapes, RoleMembersAndDeltaPages) {
  const auto members = identity::parse_role_members(*graph_sample("graph_v1_directoryRole_members_example1_docs.json"));
  ASSERT_EQ(members.size(), 1U);
  EXPECT_EQ(members[0].id, "AdeleV@contoso.com");  // the sample leaves out the id
  EXPECT_EQ(members[0].display_name, "Adele Vance");
  EXPECT_EQ(members[0].type, "user");
  const auto delta = graph_sample("graph_v1_users_delta_nextLink_example1_docs.json");
  const auto users = identity::parse_users(*delta);
  ASSERT_EQ(users.size(), 1U);
  EXPECT_EQ(users[0].id, "id-value");
  EXPECT_NE(delta->getValue<std::string>("@odata.nextLink").find("$skiptoken="), std::string::npos);
}

TEST(GraphEmulatorShapes, ParseWithTheSameCodeAsTheSamples) {
  EmulatorProcess emulator(R"({"seed": 5, "tenants": [{"directory_id": "aaaaaaaa-0000-0000-0000-000000000005",
      "client_id": "cccccccc-0000-0000-0000-000000000005", "client_secret": "s", "users": 20, "guests": 4,
      "directory_roles": 3, "members_per_role": 2, "page_size": 100}]})");
  TempDir dir;
  host::TokenCache tokens;
  const auto client = emulator_client(emulator, dir, "aaaaaaaa-0000-0000-0000-000000000005",
                                      "cccccccc-0000-0000-0000-000000000005", "s", tokens);
  auto& azure = *client;

  const auto users =
      identity::parse_users(*azure.get(AzureApi::graph, "/v1.0/users?$select=id,userType,signInActivity"));
  ASSERT_EQ(users.size(), 24U);
  std::size_t guests = 0;
  std::size_t with_sign_in = 0;
  for (const auto& u : users) {
    guests += u.is_guest() ? 1 : 0;
    with_sign_in += identity::last_activity(u) ? 1 : 0;
  }
  EXPECT_EQ(guests, 4U);
  EXPECT_GT(with_sign_in, 0U);
  const auto roles = identity::parse_directory_roles(*azure.get(AzureApi::graph, "/v1.0/directoryRoles"));
  ASSERT_EQ(roles.size(), 3U);
  EXPECT_FALSE(roles[0].display_name.empty());
  const auto members =
      identity::parse_role_members(*azure.get(AzureApi::graph, "/v1.0/directoryRoles/" + roles[0].id + "/members"));
  EXPECT_EQ(members.size(), 2U);
  const auto registrations = identity::parse_registrations(
      *azure.get(AzureApi::graph, "/v1.0/reports/authenticationMethods/userRegistrationDetails"));
  EXPECT_EQ(registrations.size(), 24U);
  EXPECT_TRUE(registrations[0].is_mfa_registered.has_value());
  // The v1.0 properties (defaultMfaMethod is beta only): every user has a preferred second factor, "none" included.
  for (const auto& r : registrations) {
    EXPECT_FALSE(r.preferred_secondary_method.empty()) << r.user_id;
    EXPECT_TRUE(r.is_passwordless_capable.has_value() && r.is_sspr_registered.has_value() &&
                r.is_sspr_capable.has_value())
        << r.user_id;
  }
}

}  // namespace
}  // namespace govsync::test
