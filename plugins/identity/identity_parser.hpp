#pragma once
// Microsoft Graph users, directory role members and MFA registration details as records.

#include <optional>
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

struct MfaRegistration {
  std::string user_id;
  std::string user_principal_name;
  std::optional<bool> is_mfa_registered;
  std::optional<bool> is_mfa_capable;
  std::optional<bool> is_admin;
  std::string default_method;
  std::string methods_registered;  // comma-separated
  std::optional<std::string> last_updated;
};

std::vector<User> parse_users(const Poco::JSON::Object& page);
std::vector<DirectoryRole> parse_directory_roles(const Poco::JSON::Object& page);
std::vector<RoleMember> parse_role_members(const Poco::JSON::Object& page);
std::vector<MfaRegistration> parse_registrations(const Poco::JSON::Object& page);

/// The later of the two sign-in times that read as timestamps, or nothing.
std::optional<govsync::Timestamp> last_activity(const User& user);

/// Stale after `days`: the last sign-in (or, for a user who never signed in,
/// the account's creation) is more than `days` before `now`.
bool is_stale(const User& user, int days, govsync::Timestamp now);

}  // namespace govsync::identity
