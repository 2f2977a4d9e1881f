// Policy Insights "latest" policy states.
#include <algorithm>
#include <array>

#include "azure_model.hpp"
#include "derive.hpp"
#include "resource_record.hpp"

namespace govsync::emulator {
namespace {

constexpr std::array<const char*, 6> kCategories{"Security Center", "Storage", "Network", "Compute", "Tags", "General"};
constexpr std::array<const char*, 4> kActions{"audit", "AuditIfNotExists", "deny", "modify"};
// Built-in initiatives: Microsoft cloud security benchmark, ISO 27001, NIST SP 800-53 Rev. 5.
constexpr std::array<const char*, 3> kInitiatives{"1f3afdf9-d0c9-4c3d-847f-89da613e70a8",
                                                  "89c6cddc-1c73-4ac1-b19c-54d1a15a42f2",
                                                  "179d1daa-458f-4e47-8086-2a68d0d6c38f"};

std::string compliance_state(std::size_t index) {
  switch (index % 10) {
    case 7:
    case 8:
      return "NonCompliant";
    case 9:
      return "Exempt";
    default:
      return "Compliant";
  }
}

std::string sized(const TenantRef& ref, const std::string& text) {
  if (ref.tenant.oversized_length <= 0) return text;
  return oversized_text(text + "-", static_cast<std::size_t>(ref.tenant.oversized_length),
                        ref.tenant.oversized_multibyte);
}

}  // namespace

std::size_t policy_state_count(const Tenant& tenant) {
  return static_cast<std::size_t>(std::max(0, tenant.policy_states_per_subscription - tenant.removed_policy_states));
}

// A PolicyState as the 2019-10-01 queryResults example sends it, field for field (string
// resourceTags, policyAssignmentOwner, *Parameters and managementGroupIds; a leading "/" on
// resourceType; policyDefinitionGroupNames a string array) (azure-rest-api-specs
// Microsoft.PolicyInsights/stable/2019-10-01/policyStates.json, PolicyState;
// examples/PolicyStates_QuerySubscriptionScope.json).
void write_policy_state(JsonWriter& json, const TenantRef& ref, const std::string& base_url, std::size_t subscription,
                        std::size_t index) {
  const auto& tenant = ref.tenant;
  const auto& sub = tenant.subscription_ids[subscription];
  const auto assignment = index % kInitiatives.size();
  const auto assignment_name =
      derive_hex(ref.seed, tenant.directory_id + "/" + sub + "/assignment/" + std::to_string(assignment), 24);
  const auto definition = derive_guid(ref.seed, tenant.directory_id + "/definition/" + std::to_string(index));
  const auto category = std::string(kCategories[index % kCategories.size()]);
  std::string resource_id = "/subscriptions/" + sub;
  std::string resource_type = "Microsoft.Resources/subscriptions";
  std::string location;
  std::string group;
  if (tenant.resources_per_subscription > 0) {
    const auto resource = index % static_cast<std::size_t>(tenant.resources_per_subscription);
    const auto record = resource_record(ref, subscription, resource);
    resource_id = record.id;
    resource_type = record.arm_type;
    location = record.location;
    group = record.resource_group;
  }
  const auto state = compliance_state(index);
  const auto day = today_utc() - std::chrono::days(1);
  const auto seconds = static_cast<std::int64_t>(derive(ref.seed, resource_id + definition) % 86400);

  json.begin_object();
  json.field_null("@odata.id");
  json.field("@odata.context", base_url + "/subscriptions/" + sub +
                                   "/providers/Microsoft.PolicyInsights/policyStates/$metadata#latest/$entity");
  json.field("timestamp", rfc3339_datetime(day, seconds, derive(ref.seed, resource_id + definition + "/spelling")));
  json.field("resourceId", resource_id);
  json.field("policyAssignmentId",
             "/subscriptions/" + sub + "/providers/Microsoft.Authorization/policyAssignments/" + assignment_name);
  json.field("policyDefinitionId", "/providers/Microsoft.Authorization/policyDefinitions/" + definition);
  json.field_null("effectiveParameters");
  json.field_bool("isCompliant", state == "Compliant");
  json.field("subscriptionId", sub);
  json.field("resourceType", "/" + resource_type);
  json.field("resourceLocation", location);
  json.field("resourceGroup", group);
  json.field("resourceTags", "tbd");
  json.field("policyAssignmentName", sized(ref, assignment_name));
  json.field("policyAssignmentOwner", "tbd");
  json.field("policyAssignmentParameters", "{}");
  json.field("policyAssignmentScope", "/subscriptions/" + sub);
  json.field("policyDefinitionName", sized(ref, definition));
  json.field("policyDefinitionAction", kActions[index % kActions.size()]);
  json.field("policyDefinitionCategory", sized(ref, category));
  json.field("policySetDefinitionId",
             std::string("/providers/Microsoft.Authorization/policySetDefinitions/") + kInitiatives[assignment]);
  json.field("policySetDefinitionName", kInitiatives[assignment]);
  json.field("policySetDefinitionOwner", "BuiltIn");
  json.field("policySetDefinitionCategory", "Regulatory Compliance");
  json.field("policySetDefinitionParameters", "{}");
  json.field("managementGroupIds",
             "mg-" + derive_hex(ref.seed, tenant.directory_id + "/mg", 8) + "," + tenant.directory_id);
  json.field("policyDefinitionReferenceId",
             "ref" + derive_hex(ref.seed, definition + "/ref", 12) + "-" + std::to_string(index));
  json.field("complianceState", state);
  json.key("policyDefinitionGroupNames").begin_array();
  json.string(sized(ref, "group-" + category.substr(0, category.find(' ')) + "-" + std::to_string(index % 5)));
  json.end_array();
  json.end_object();
}

}  // namespace govsync::emulator
