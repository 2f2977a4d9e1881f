#pragma once
/// \file
/// The tenant's subscriptions, as most ARM-based plugins need them first.

#include <algorithm>
#include <cctype>
#include <stdexcept>
#include <string>
#include <vector>

#include <spdlog/spdlog.h>
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

/// Whether two subscription GUIDs are the same (GUIDs ignore case; ARM writes them in lower case).
inline bool same_subscription(const std::string& a, const std::string& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](unsigned char x, unsigned char y) {
           return std::tolower(x) == std::tolower(y);
         });
}

/// The tenant's Enabled subscriptions (all pages), limited to the tenant's
/// configured subscriptions when it names any. A configured subscription that
/// Azure does not list for the tenant is an error naming it (std::runtime_error):
/// a typo must fail the run, not look like a subscription with nothing in it.
/// A configured one that is listed but not Enabled is left out with a warning.
/// Throws AzureError.
inline std::vector<Subscription> enabled_subscriptions(RunContext& context) {
  const auto& wanted = context.tenant().subscriptions;
  std::vector<Subscription> enabled;
  std::vector<bool> listed(wanted.size(), false);
  auto pages =
      context.azure().pages(AzureApi::management, AzurePaging::next_link, "/subscriptions?api-version=2022-12-01");
  while (auto page = pages->next()) {
    for (auto& subscription : parse_subscriptions(*page)) {
      const auto match = std::find_if(wanted.begin(), wanted.end(),
                                      [&](const std::string& id) { return same_subscription(id, subscription.id); });
      if (match != wanted.end()) listed[static_cast<std::size_t>(match - wanted.begin())] = true;
      if (!wanted.empty() && match == wanted.end()) continue;
      if (subscription.state != "Enabled") {
        if (match != wanted.end()) {
          context.log().warn("subscription {} of tenant {} is {}, not Enabled: not read", subscription.id,
                             context.tenant().id, subscription.state);
        }
        continue;
      }
      enabled.push_back(std::move(subscription));
    }
  }
  for (std::size_t i = 0; i < wanted.size(); ++i) {
    if (!listed[i]) {
      throw std::runtime_error("subscription " + wanted[i] + " (in [tenant." + context.tenant().id +
                               "] subscriptions) is not among the subscriptions Azure lists for this tenant; check "
                               "the id, and that the app has a role on the subscription");
    }
  }
  return enabled;
}

}  // namespace govsync
