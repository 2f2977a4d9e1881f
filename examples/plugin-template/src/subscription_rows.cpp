#include "subscription_rows.hpp"

#include <govsync/azure_subscriptions.hpp>

namespace example {

std::vector<govsync::Row> subscription_rows(const Poco::JSON::Object& page, bool include_disabled) {
  std::vector<govsync::Row> rows;
  for (const auto& subscription : govsync::parse_subscriptions(page)) {
    const bool active = subscription.state == "Enabled" || subscription.state == "Warned";
    if (!active && !include_disabled) continue;
    govsync::Row row;
    // Bounded columns (display_name, state) need no care here: the writer
    // fits them to the widths the live schema declares, and audits each cut.
    row.set("subscription_id", subscription.id)
        .set("display_name", subscription.display_name)
        .set("state", subscription.state);
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace example
