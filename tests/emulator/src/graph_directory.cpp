// Directory roles, their members, and domains.
#include <algorithm>
#include <array>

#include "derive.hpp"
#include "graph_model.hpp"

namespace govsync::emulator {
namespace {

struct RoleTemplate {
  const char* name;
  const char* template_id;
  const char* description;
};

constexpr std::array<RoleTemplate, 12> kRoles{{
    {"Global Administrator", "62e90394-69f5-4237-9190-012177145e10",
     "Can manage all aspects of Microsoft Entra ID and Microsoft services that use Microsoft Entra identities."},
    {"Privileged Role Administrator", "e8611ab8-c189-46e8-94e1-60213ab1f814",
     "Can manage role assignments in Microsoft Entra ID, and all aspects of Privileged Identity Management."},
    {"User Administrator", "fe930be7-5e62-47db-91af-98c3a49a38b1",
     "Can manage all aspects of users and groups, including resetting passwords for limited admins."},
    {"Security Administrator", "194ae4cb-b126-40b2-bd5b-6091b380977d",
     "Can read security information and reports, and manage configuration in Microsoft Entra ID and Office 365."},
    {"Exchange Administrator", "29232cdf-9323-42fd-ade2-1d097af3e4de",
     "Can manage all aspects of the Exchange product."},
    {"SharePoint Administrator", "f28a1f50-f6e7-4571-818b-6a12f2af6b6c",
     "Can manage all aspects of the SharePoint service."},
    {"Helpdesk Administrator", "729827e3-9c14-49f7-bb1b-9608f156bbb8",
     "Can reset passwords for non-administrators and Helpdesk Administrators."},
    {"Billing Administrator", "b0f54661-2d74-4c50-afa3-1ec803f12efe",
     "Can perform common billing related tasks like updating payment information."},
    {"Application Administrator", "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3",
     "Can create and manage all aspects of app registrations and enterprise apps."},
    {"Conditional Access Administrator", "b1be1c3e-b65d-4f19-8427-f6fa0d97feb9",
     "Can manage Conditional Access capabilities."},
    {"Global Reader", "f2ef992c-3afb-46b9-b7cf-a126ee74c451",
     "Can read everything that a Global Administrator can, but not update anything."},
    {"Security Reader", "5d6b6bb7-de71-4623-b4af-96380a352509",
     "Can read security information and reports in Microsoft Entra ID and Office 365."},
}};

std::string role_id(const TenantRef& ref, std::size_t role) {
  return derive_guid(ref.seed, ref.tenant.directory_id + "/directory-role/" + std::to_string(role));
}

}  // namespace

std::size_t role_count(const Tenant& tenant) { return static_cast<std::size_t>(tenant.directory_roles); }

std::optional<std::size_t> role_index(const TenantRef& ref, const std::string& id) {
  for (std::size_t role = 0; role < role_count(ref.tenant); ++role) {
    if (role_id(ref, role) == id) return role;
  }
  return std::nullopt;
}

// directoryRole (v1.0): id, deletedDateTime (from directoryObject), description, displayName,
// roleTemplateId (https://learn.microsoft.com/graph/api/resources/directoryrole?view=graph-rest-1.0).
void write_role(JsonWriter& json, const TenantRef& ref, std::size_t role) {
  json.begin_object();
  json.field("id", role_id(ref, role));
  if (role < kRoles.size()) {
    json.field_null("deletedDateTime").field("description", kRoles[role].description);
    json.field("displayName", kRoles[role].name).field("roleTemplateId", kRoles[role].template_id);
  } else {
    json.field_null("deletedDateTime").field("description", "A directory role of the emulated tenant.");
    json.field("displayName", "Directory Role " + std::to_string(role + 1));
    json.field("roleTemplateId", derive_guid(ref.seed, "role-template/" + std::to_string(role)));
  }
  json.end_object();
}

std::vector<std::size_t> role_members(const Tenant& tenant, std::size_t role) {
  const auto users = user_count(tenant);
  const auto count = std::min(static_cast<std::size_t>(std::max(tenant.members_per_role, 0)), users);
  std::vector<std::size_t> members;
  for (std::size_t k = 0; k < count; ++k) members.push_back((role * 3 + k) % users);
  return members;
}

// domain (v1.0): authenticationType, availabilityStatus (null outside verify), id, isAdminManaged,
// isDefault, isInitial, isRoot, isVerified, supportedServices
// (https://learn.microsoft.com/graph/api/resources/domain?view=graph-rest-1.0).
void write_domain(JsonWriter& json, const Tenant& tenant, std::size_t index) {
  json.begin_object();
  json.field("authenticationType", "Managed").field_null("availabilityStatus").field("id", tenant.domains[index]);
  json.field_bool("isAdminManaged", true).field_bool("isDefault", index == 0).field_bool("isInitial", index == 0);
  json.field_bool("isRoot", true).field_bool("isVerified", true);
  json.key("supportedServices").begin_array().string("Email").string("OfficeCommunicationsOnline").end_array();
  json.end_object();
}

}  // namespace govsync::emulator
