#include "identity_parser.hpp"

#include <govsync/json_fields.hpp>

namespace govsync::identity {
namespace {

template <typename F>
void each_item(const Poco::JSON::Object& page, F&& f) {
  if (const auto values = json::array(page, "value")) {
    for (const auto& value : *values) f(*value.extract<Poco::JSON::Object::Ptr>());
  }
}

// Graph writes "0001-01-01T00:00:00Z" for "never".
std::optional<std::string> sign_in_time(const Poco::JSON::Object& activity, const std::string& key) {
  auto value = json::optional_text(activity, key);
  if (value && (value->empty() || value->rfind("0001-01-01", 0) == 0)) return std::nullopt;
  return value;
}

}  // namespace

std::vector<User> parse_users(const Poco::JSON::Object& page, std::size_t* without_id) {
  std::vector<User> users;
  each_item(page, [&](const Poco::JSON::Object& item) {
    User user;
    user.id = json::text(item, "id");
    if (user.id.empty()) {
      if (without_id != nullptr) ++*without_id;
      return;
    }
    user.user_principal_name = json::text(item, "userPrincipalName");
    user.display_name = json::text(item, "displayName");
    user.mail = json::text(item, "mail");
    user.user_type = json::text(item, "userType");
    if (user.user_type.empty()) {
      user.user_type = user.user_principal_name.find("#EXT#") != std::string::npos ? "Guest" : "Member";
    }
    user.account_enabled = json::boolean(item, "accountEnabled");
    user.created_at = json::optional_text(item, "createdDateTime");
    if (const auto activity = json::object(item, "signInActivity")) {
      user.last_sign_in_at = sign_in_time(*activity, "lastSignInDateTime");
      user.last_non_interactive_sign_in_at = sign_in_time(*activity, "lastNonInteractiveSignInDateTime");
    }
    users.push_back(std::move(user));
  });
  return users;
}

std::vector<DirectoryRole> parse_directory_roles(const Poco::JSON::Object& page) {
  std::vector<DirectoryRole> roles;
  each_item(page, [&](const Poco::JSON::Object& item) {
    if (auto id = json::text(item, "id"); !id.empty()) roles.push_back({id, json::text(item, "displayName")});
  });
  return roles;
}

std::vector<RoleMember> parse_role_members(const Poco::JSON::Object& page) {
  std::vector<RoleMember> members;
  each_item(page, [&](const Poco::JSON::Object& item) {
    RoleMember member;
    member.user_principal_name = json::text(item, "userPrincipalName");
    member.id = json::text(item, "id");
    if (member.id.empty()) member.id = member.user_principal_name;
    if (member.id.empty()) return;
    member.type = json::text(item, "@odata.type");
    if (member.type.rfind("#microsoft.graph.", 0) == 0) member.type = member.type.substr(17);
    if (member.type.empty()) member.type = "user";
    member.display_name = json::text(item, "displayName");
    members.push_back(std::move(member));
  });
  return members;
}

std::vector<MfaRegistration> parse_registrations(const Poco::JSON::Object& page) {
  std::vector<MfaRegistration> registrations;
  each_item(page, [&](const Poco::JSON::Object& item) {
    MfaRegistration r;
    r.user_id = json::text(item, "id");
    if (r.user_id.empty()) return;
    r.user_principal_name = json::text(item, "userPrincipalName");
    r.is_mfa_registered = json::boolean(item, "isMfaRegistered");
    r.is_mfa_capable = json::boolean(item, "isMfaCapable");
    r.is_passwordless_capable = json::boolean(item, "isPasswordlessCapable");
    r.is_sspr_registered = json::boolean(item, "isSsprRegistered");
    r.is_sspr_capable = json::boolean(item, "isSsprCapable");
    r.is_admin = json::boolean(item, "isAdmin");
    r.preferred_secondary_method = json::text(item, "userPreferredMethodForSecondaryAuthentication");
    if (const auto methods = json::array(item, "methodsRegistered")) {
      for (const auto& m : *methods)
        r.methods_registered += (r.methods_registered.empty() ? "" : ",") + m.convert<std::string>();
    }
    r.last_updated = json::optional_text(item, "lastUpdatedDateTime");
    registrations.push_back(std::move(r));
  });
  return registrations;
}

std::string upn_key(std::string upn) {
  for (auto& c : upn) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return upn;
}

void PrivilegedMembers::add(const RoleMember& member) {
  ids.insert(member.id);
  if (!member.user_principal_name.empty()) upns.insert(upn_key(member.user_principal_name));
}

bool PrivilegedMembers::includes(const User& user) const {
  return ids.count(user.id) > 0 ||
         (!user.user_principal_name.empty() && upns.count(upn_key(user.user_principal_name)) > 0);
}

std::optional<govsync::Timestamp> last_activity(const User& user) {
  // Compared as instants: Graph's texts differ in fraction digits and offset spelling.
  const auto sign_in = user.last_sign_in_at ? parse_timestamp(*user.last_sign_in_at) : std::nullopt;
  const auto other =
      user.last_non_interactive_sign_in_at ? parse_timestamp(*user.last_non_interactive_sign_in_at) : std::nullopt;
  if (!sign_in) return other;
  if (!other) return sign_in;
  return std::max(*sign_in, *other);
}

bool is_stale(const User& user, int days, govsync::Timestamp now) {
  const auto cutoff = now - std::chrono::days(days);
  if (const auto seen = last_activity(user)) return *seen < cutoff;
  const auto created = user.created_at ? parse_timestamp(*user.created_at) : std::nullopt;
  return created && *created < cutoff;
}

}  // namespace govsync::identity
