#pragma once
// One authenticated API request as the endpoint handlers see it, and the
// helpers they share for paged listings.

#include <functional>
#include <string>
#include <vector>

#include "azure_model.hpp"
#include "errors.hpp"
#include "http_types.hpp"
#include "paging.hpp"
#include "scenario.hpp"

namespace govsync::emulator {

struct ApiCall {
  const Request& request;
  const Scenario& scenario;
  const Tenant& tenant;
  std::string base_url;               // http://127.0.0.1:<port>
  std::vector<std::string> captures;  // the route's {} segments, in order
  Api api = Api::kManagement;

  TenantRef ref() const { return {scenario.seed, tenant}; }
};

using ItemWriter = std::function<void(JsonWriter&, std::size_t)>;

/// The skip token of the request ($skiptoken in any casing), or "".
std::string skip_token_param(const Request& request);

/// 400 for a skip token this emulator did not issue.
Response invalid_skip_token(const ApiCall& call);

/// 404 for a subscription that is not the tenant's.
Response subscription_not_found(const std::string& subscription_id);

Response json_ok(std::string body);

}  // namespace govsync::emulator
