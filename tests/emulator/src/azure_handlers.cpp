#include "azure_handlers.hpp"

namespace govsync::emulator {

// Subscriptions - List, api-version 2022-12-01: SubscriptionListResult {value, nextLink}
// (azure-rest-api-specs Microsoft.Resources/stable/2022-12-01/subscriptions.json,
// examples/GetSubscriptions.json).
Response list_subscriptions(const ApiCall& call) {
  const auto cursor = decode_cursor(skip_token_param(call.request));
  if (!cursor) return invalid_skip_token(call);
  const auto page = slice(call.tenant.subscription_ids.size(), page_size_for(call.tenant, ""), *cursor);
  JsonWriter json;
  json.begin_object().key("value").begin_array();
  for (auto i = page.begin; i < page.end; ++i) write_subscription(json, call.ref(), i);
  json.end_array();
  if (page.has_next) json.field("nextLink", next_link(call.base_url, call.request, "$skiptoken", page.next_token));
  json.end_object();
  auto response = json_ok(json.take());
  apply_page_faults(response, page, call.tenant, call.base_url);
  return response;
}

// Resources - List (by subscription), api-version 2021-04-01: ResourceListResult {value:
// GenericResourceExpanded[], nextLink} (Microsoft.Resources/stable/2021-04-01/resources.json).
Response list_resources(const ApiCall& call) {
  const auto subscription = subscription_index(call.tenant, call.captures.at(0));
  if (!subscription) return subscription_not_found(call.captures.at(0));
  const auto cursor = decode_cursor(skip_token_param(call.request));
  if (!cursor) return invalid_skip_token(call);
  const auto page = slice(resource_count(call.tenant), page_size_for(call.tenant, call.request.param("$top")), *cursor);
  JsonWriter json;
  json.begin_object().key("value").begin_array();
  for (auto i = page.begin; i < page.end; ++i) write_arm_resource(json, call.ref(), *subscription, i);
  json.end_array();
  if (page.has_next) json.field("nextLink", next_link(call.base_url, call.request, "$skiptoken", page.next_token));
  json.end_object();
  auto response = json_ok(json.take());
  apply_page_faults(response, page, call.tenant, call.base_url);
  return response;
}

// Policy States - List Query Results For Subscription, api-version 2019-10-01:
// PolicyStatesQueryResults {@odata.context, @odata.count (records in this answer),
// @odata.nextLink, value} (Microsoft.PolicyInsights/stable/2019-10-01/policyStates.json,
// examples/PolicyStates_QuerySubscriptionScope.json).
Response query_policy_states(const ApiCall& call) {
  const auto subscription = subscription_index(call.tenant, call.captures.at(0));
  if (!subscription) return subscription_not_found(call.captures.at(0));
  const auto cursor = decode_cursor(skip_token_param(call.request));
  if (!cursor) return invalid_skip_token(call);
  const auto page =
      slice(policy_state_count(call.tenant), page_size_for(call.tenant, call.request.param("$top")), *cursor);
  const auto& sub = call.tenant.subscription_ids[*subscription];
  JsonWriter json;
  json.begin_object();
  json.field("@odata.context", call.base_url + "/subscriptions/" + sub +
                                   "/providers/Microsoft.PolicyInsights/policyStates/$metadata#latest");
  json.field_int("@odata.count", static_cast<std::int64_t>(page.end - page.begin));
  json.key("value").begin_array();
  for (auto i = page.begin; i < page.end; ++i) write_policy_state(json, call.ref(), call.base_url, *subscription, i);
  json.end_array();
  if (page.has_next) {
    json.field("@odata.nextLink", next_link(call.base_url, call.request, "$skiptoken", page.next_token));
  }
  json.end_object();
  auto response = json_ok(json.take());
  apply_page_faults(response, page, call.tenant, call.base_url);
  return response;
}

// Secure Scores - Get, api-version 2020-01-01: one SecureScoreItem (see write_secure_score).
Response get_secure_score(const ApiCall& call) {
  const auto subscription = subscription_index(call.tenant, call.captures.at(0));
  if (!subscription) return subscription_not_found(call.captures.at(0));
  JsonWriter json;
  write_secure_score(json, call.ref(), *subscription);
  return json_ok(json.take());
}

}  // namespace govsync::emulator
