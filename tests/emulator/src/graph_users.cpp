// Users, guests and their authentication method registration.
#include <algorithm>
#include <array>
#include <cctype>

#include "derive.hpp"
#include "graph_model.hpp"

namespace govsync::emulator {
namespace {

constexpr std::array<const char*, 12> kGiven{"Adele", "Alex",  "Diego",  "Grady", "Isaiah",  "Johanna",
                                             "Lidia", "Megan", "Nestor", "Patti", "Pradeep", "Lynne"};
constexpr std::array<const char*, 10> kFamily{"Vance",  "Wilber",   "Siciliani", "Archie", "Langer",
                                              "Lorenz", "Holloway", "Bowen",     "Wilke",  "Fernandez"};

struct UserRecord {
  std::string id;
  std::string given;
  std::string family;
  std::string display_name;
  std::string upn;
  std::string mail;
  bool guest = false;
  bool enabled = true;
  std::string created;
  std::string last_sign_in;          // empty: null
  std::string last_non_interactive;  // empty: null
  bool sign_in_known = true;
};

UserRecord user_record(const TenantRef& ref, std::size_t index) {
  const auto& tenant = ref.tenant;
  UserRecord user;
  user.id = derive_guid(ref.seed, tenant.directory_id + "/user/" + std::to_string(index));
  user.given = kGiven[index % kGiven.size()];
  user.family = kFamily[(index / kGiven.size() + index) % kFamily.size()];
  user.display_name = user.given + " " + user.family;
  const auto handle = std::string(user.given) + "." + user.family + std::to_string(index);
  std::string lower_handle = handle;
  std::transform(lower_handle.begin(), lower_handle.end(), lower_handle.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  user.guest = index >= static_cast<std::size_t>(tenant.users);
  const auto& domain = tenant.domains.front();
  if (user.guest) {
    const auto partner = "partner" + std::to_string(index % 3) + ".example";
    user.mail = lower_handle + "@" + partner;
    user.upn = lower_handle + "_" + partner + "#EXT#@" + domain;
    user.display_name += " (Guest)";
  } else {
    user.upn = lower_handle + "@" + domain;
    user.mail = user.upn;
  }
  user.enabled = index % 10 != 9;
  const Day today = today_utc();
  const auto hash = derive(ref.seed, user.id + "/sign-in");
  const auto seconds = static_cast<std::int64_t>(hash % 86400);
  std::int64_t days_ago = 0;
  switch (index % 4) {
    case 0:
      days_ago = 1 + static_cast<std::int64_t>((hash >> 20U) % 28);
      break;  // within 30 days
    case 1:
      days_ago = 31 + static_cast<std::int64_t>((hash >> 20U) % 58);
      break;  // 30-90 days
    case 2:
      days_ago = 91 + static_cast<std::int64_t>((hash >> 20U) % 300);
      break;  // older than 90 days
    default:
      user.sign_in_known = false;
      break;  // never signed in
  }
  if (user.sign_in_known) {
    user.last_sign_in = rfc3339_datetime(today - std::chrono::days(days_ago), seconds, hash >> 8U);
    user.last_non_interactive = index % 3 == 0
                                    ? "0001-01-01T00:00:00Z"
                                    : rfc3339_datetime(today - std::chrono::days(days_ago), seconds + 600, hash >> 12U);
  }
  user.created = rfc3339_datetime(Day(std::chrono::year(2022) / 1 / 1),
                                  static_cast<std::int64_t>((hash >> 32U) % (400LL * 86400)), hash >> 4U);
  return user;
}

bool is_admin(const Tenant& tenant, std::size_t user) {
  for (std::size_t role = 0; role < role_count(tenant); ++role) {
    const auto members = role_members(tenant, role);
    if (std::find(members.begin(), members.end(), user) != members.end()) return true;
  }
  return false;
}

// A user's default properties, what Graph v1.0 sends without $select: businessPhones, displayName,
// givenName, id, jobTitle, mail, mobilePhone, officeLocation, preferredLanguage, surname,
// userPrincipalName (https://learn.microsoft.com/graph/api/user-list?view=graph-rest-1.0).
void write_default_user(JsonWriter& json, const UserRecord& user) {
  json.key("businessPhones").begin_array().end_array();
  json.field("displayName", user.display_name).field("givenName", user.given).field_null("jobTitle");
  json.field("mail", user.mail).field_null("mobilePhone").field_null("officeLocation").field_null("preferredLanguage");
  json.field("surname", user.family).field("userPrincipalName", user.upn).field("id", user.id);
}

}  // namespace

std::size_t user_count(const Tenant& tenant) { return static_cast<std::size_t>(tenant.users + tenant.guests); }

// user (v1.0): the default properties, or id and those $select names
// (https://learn.microsoft.com/graph/api/resources/user?view=graph-rest-1.0). signInActivity,
// only when selected: lastSignInDateTime, lastSignInRequestId, lastNonInteractiveSignInDateTime,
// lastNonInteractiveSignInRequestId (https://learn.microsoft.com/graph/api/resources/signinactivity).
void write_user(JsonWriter& json, const TenantRef& ref, std::size_t index, const std::set<std::string>& fields) {
  const auto user = user_record(ref, index);
  json.begin_object();
  if (fields.empty()) {
    write_default_user(json, user);
    json.end_object();
    return;
  }
  json.field("id", user.id);
  if (fields.count("displayName") != 0) json.field("displayName", user.display_name);
  if (fields.count("givenName") != 0) json.field("givenName", user.given);
  if (fields.count("surname") != 0) json.field("surname", user.family);
  if (fields.count("userPrincipalName") != 0) json.field("userPrincipalName", user.upn);
  if (fields.count("mail") != 0) json.field("mail", user.mail);
  if (fields.count("userType") != 0) json.field("userType", user.guest ? "Guest" : "Member");
  if (fields.count("accountEnabled") != 0) json.field_bool("accountEnabled", user.enabled);
  if (fields.count("createdDateTime") != 0) json.field("createdDateTime", user.created);
  if (fields.count("signInActivity") != 0) {
    json.key("signInActivity").begin_object();
    json.field_or_null("lastSignInDateTime", user.last_sign_in);
    json.field_or_null("lastSignInRequestId",
                       user.sign_in_known ? derive_guid(ref.seed, user.id + "/sign-in-request") : "");
    json.field_or_null("lastNonInteractiveSignInDateTime", user.last_non_interactive);
    json.field("lastNonInteractiveSignInRequestId", "");
    json.end_object();
  }
  json.end_object();
}

// The v1.0 userRegistrationDetails resource: exactly its documented properties
// (https://learn.microsoft.com/graph/api/resources/userregistrationdetails, v1.0;
// defaultMfaMethod exists only in beta and is not sent).
void write_user_registration(JsonWriter& json, const TenantRef& ref, std::size_t index) {
  const auto user = user_record(ref, index);
  const bool mfa = index % 5 != 4;
  const bool passwordless = index % 7 == 0;
  json.begin_object();
  json.field("id", user.id).field("userPrincipalName", user.upn).field("userDisplayName", user.display_name);
  json.field("userType", user.guest ? "guest" : "member");
  json.field_bool("isAdmin", is_admin(ref.tenant, index));
  json.field_bool("isSsprRegistered", mfa).field_bool("isSsprEnabled", !user.guest);
  json.field_bool("isSsprCapable", mfa && !user.guest);
  json.field_bool("isMfaRegistered", mfa).field_bool("isMfaCapable", mfa);
  json.field_bool("isPasswordlessCapable", passwordless);
  json.key("methodsRegistered").begin_array();
  if (mfa) json.string("microsoftAuthenticatorPush").string("softwareOneTimePasscode");
  if (passwordless) json.string("windowsHelloForBusiness");
  json.end_array();
  json.field_bool("isSystemPreferredAuthenticationMethodEnabled", true);
  json.key("systemPreferredAuthenticationMethods").begin_array();
  if (mfa) json.string("push");
  json.end_array();
  json.field("userPreferredMethodForSecondaryAuthentication", mfa ? "push" : "none");
  json.field("lastUpdatedDateTime", user.created);
  json.end_object();
}

// A member in List members of a directoryRole (v1.0): a directoryObject with its @odata.type,
// here a user with a user's default properties
// (https://learn.microsoft.com/graph/api/directoryrole-list-members?view=graph-rest-1.0).
void write_role_member(JsonWriter& json, const TenantRef& ref, std::size_t index) {
  json.begin_object().field("@odata.type", "#microsoft.graph.user");
  write_default_user(json, user_record(ref, index));
  json.end_object();
}

}  // namespace govsync::emulator
