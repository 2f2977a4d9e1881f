#pragma once
// Policy Insights `policyStates/latest/queryResults` pages as rows.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <Poco/JSON/Object.h>

namespace govsync::compliance {

/// One policy state, as stored in policy_states.
struct PolicyState {
  std::string subscription_id;
  std::string policy_assignment_id;
  std::string policy_definition_id;
  std::string policy_definition_reference_id;  // "" when the definition is not part of a set
  std::string resource_id;
  std::string policy_name;       // the assignment's name
  std::string category;          // policyDefinitionGroupNames joined with ", "
  std::string compliance_state;  // Compliant, NonCompliant, Exempt, Unknown, ...
  std::string resource_type;
  std::string resource_location;
  std::string timestamp;
};

/// The policy states on one page ("value" array); records without a key are skipped and counted.
std::vector<PolicyState> parse_policy_states(const Poco::JSON::Object& page, std::size_t* skipped = nullptr);

/// Counts of one subscription's states, for its compliance snapshot.
struct ComplianceCounts {
  std::int64_t compliant = 0;
  std::int64_t non_compliant = 0;
  std::int64_t exempt = 0;
  std::int64_t total = 0;
  void add(const PolicyState& state);
  /// compliant / (compliant + non-compliant) × 100; exempt states do not count. Nothing when there are none.
  std::optional<double> percent() const;
};

}  // namespace govsync::compliance
