#pragma once
// Azure Resource Manager endpoint handlers.

#include "api_call.hpp"

namespace govsync::emulator {

Response list_subscriptions(const ApiCall& call);
Response list_resources(const ApiCall& call);
Response query_policy_states(const ApiCall& call);
Response query_costs(const ApiCall& call);
/// The query processing units a Cost Management query costs: one per calendar month of data it asks for
/// ("Manage costs with automation", QPU calculation); 1 when the body names no valid period.
int query_processing_units(const std::string& body);
Response query_resource_graph(const ApiCall& call);
Response get_secure_score(const ApiCall& call);

}  // namespace govsync::emulator
