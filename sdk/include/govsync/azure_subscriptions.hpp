#pragma once
/// \file
/// The tenant's subscriptions, as most ARM-based plugins need them first.

#include <algorithm>
#include <string>
#include <vector>

#include <govsync/azure.hpp>
#include <govsync/context.hpp>
#include <govsync/json_fields.hpp>

namespace govsync {

/// One subscription from the ARM subscriptions list.
struct Subscription {
  std::string id;            ///< the subscription GUID
  std::string display_name;  ///< its display name
  std::string state;         ///< Enabled, Disabled, Warned, PastDue, Deleted
};

/// The subscriptions on one page of GET /subscriptions.
inline std::vector<Subscription> parse_subscriptions(const Poco::JSON::Object& page) {
  std::vector<Subscription> subscriptions;
  if (const auto values = json::array(page, "value")) {
    for (const auto& value : *values) {
      const auto item = value.extract<Poco::JSON::Object::Ptr>();
      subscriptions.push_back(
          {json::text(*item, "subscriptionId"), json::text(*item, "displayName"), json::text(*item, "state")});
    }
  }
  return subscriptions;
}

/// The tenant's Enabled subscriptions (all pages), limited to the tenant's
/// configured subscriptions when it names any. Throws AzureError.
inline std::vector<Subscription> enabled_subscriptions(RunContext& context) {
  const auto& wanted = context.tenant().subscriptions;
  std::vector<Subscription> enabled;
  auto pages =
      context.azure().pages(AzureApi::management, AzurePaging::next_link, "/subscriptions?api-version=2022-12-01");
  while (auto page = pages->next()) {
    for (auto& subscription : parse_subscriptions(*page)) {
      if (subscription.state != "Enabled") continue;
      if (!wanted.empty() && std::find(wanted.begin(), wanted.end(), subscription.id) == wanted.end()) continue;
      enabled.push_back(std::move(subscription));
    }
  }
  return enabled;
}

}  // namespace govsync
