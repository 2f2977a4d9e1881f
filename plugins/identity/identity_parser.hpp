#pragma once
// Microsoft Graph users, directory role members and MFA registration details as records.

#include <cstddef>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <Poco/JSON/Object.h>

#include <govsync/timestamp.hpp>

namespace govsync::identity {

struct User {
  std::string id;
  std::string user_principal_name;
  std::string display_name;
  std::string mail;
  std::string user_type;  // Member or Guest (a UPN with #EXT# is a guest when Graph omits it)
  std::optional<bool> account_enabled;
  std::optional<std::string> created_at;
  std::optional<std::string> last_sign_in_at;                  // nothing: never, or not available
  std::optional<std::string> last_non_interactive_sign_in_at;  // Graph's 0001-01-01 means never
  bool is_guest() const { return user_type == "Guest"; }
};

struct DirectoryRole {
  std::string id;
  std::string display_name;
};

struct RoleMember {
  std::string id;  // the object id, or the UPN when Graph omits the id
  std::string type;
  std::string display_name;
  std::string user_principal_name;
};

// One user's v1.0 userRegistrationDetails
// (https://learn.microsoft.com/graph/api/resources/userregistrationdetails).
struct MfaRegistration {
  std::string user_id;
  std::string user_principal_name;
  std::optional<bool> is_mfa_registered;
  std::optional<bool> is_mfa_capable;
  std::optional<bool> is_passwordless_capable;
  std::optional<bool> is_sspr_registered;
  std::optional<bool> is_sspr_capable;
  std::optional<bool> is_admin;
  std::string preferred_secondary_method;  // userPreferredMethodForSecondaryAuthentication
  std::string methods_registered;          // comma-separated
  std::optional<std::string> last_updated;
};

/// The page's users; an item without an id is left out and counted in `without_id`.
std::vector<User> parse_users(const Poco::JSON::Object& page, std::size_t* without_id = nullptr);
std::vector<DirectoryRole> parse_directory_roles(const Poco::JSON::Object& page);
std::vector<RoleMember> parse_role_members(const Poco::JSON::Object& page);
std::vector<MfaRegistration> parse_registrations(const Poco::JSON::Object& page);

/// How a UPN is compared: UPNs are case-insensitive (ASCII letters folded).
std::string upn_key(std::string upn);

/// The members of the privileged roles, by object id and by upn_key(UPN):
/// a member Graph names only by UPN still matches its user.
struct PrivilegedMembers {
  std::set<std::string> ids;
  std::set<std::string> upns;
  void add(const RoleMember& member);
  bool includes(const User& user) const;
};

/// The later of the two sign-in times that read as timestamps, or nothing.
std::optional<govsync::Timestamp> last_activity(const User& user);

/// Stale after `days`: the last sign-in (or, for a user who never signed in,
/// the account's creation) is more than `days` before `now`.
bool is_stale(const User& user, int days, govsync::Timestamp now);

}  // namespace govsync::identity
