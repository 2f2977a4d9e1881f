#include "policy_state_parser.hpp"

#include <govsync/json_fields.hpp>

namespace govsync::compliance {

std::vector<PolicyState> parse_policy_states(const Poco::JSON::Object& page, std::size_t* skipped) {
  std::vector<PolicyState> states;
  const auto values = json::array(page, "value");
  if (!values) return states;
  for (const auto& value : *values) {
    const auto item = value.extract<Poco::JSON::Object::Ptr>();
    PolicyState state;
    state.subscription_id = json::text(*item, "subscriptionId");
    state.policy_assignment_id = json::text(*item, "policyAssignmentId");
    state.policy_definition_id = json::text(*item, "policyDefinitionId");
    state.policy_definition_reference_id = json::text(*item, "policyDefinitionReferenceId");
    state.resource_id = json::text(*item, "resourceId");
    if (state.policy_assignment_id.empty() || state.policy_definition_id.empty() || state.resource_id.empty()) {
      if (skipped != nullptr) ++*skipped;
      continue;
    }
    state.policy_name = json::text(*item, "policyAssignmentName");
    if (const auto groups = json::array(*item, "policyDefinitionGroupNames")) {
      for (const auto& group : *groups) {
        state.category += (state.category.empty() ? "" : ", ") + group.convert<std::string>();
      }
    }
    state.compliance_state = json::text(*item, "complianceState");
    if (state.compliance_state.empty()) {
      const auto compliant = json::boolean(*item, "isCompliant");
      state.compliance_state = compliant ? (*compliant ? "Compliant" : "NonCompliant") : "Unknown";
    }
    state.resource_type = json::text(*item, "resourceType");
    state.resource_location = json::text(*item, "resourceLocation");
    state.timestamp = json::text(*item, "timestamp");
    states.push_back(std::move(state));
  }
  return states;
}

void ComplianceCounts::add(const PolicyState& state) {
  ++total;
  if (state.compliance_state == "Compliant") ++compliant;
  if (state.compliance_state == "NonCompliant") ++non_compliant;
  if (state.compliance_state == "Exempt") ++exempt;
}

std::optional<double> ComplianceCounts::percent() const {
  if (compliant + non_compliant == 0) return std::nullopt;
  return 100.0 * static_cast<double>(compliant) / static_cast<double>(compliant + non_compliant);
}

}  // namespace govsync::compliance
