#pragma once
// Cost Management query results as rows, with columns found by name.

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <Poco/JSON/Object.h>

namespace govsync::costs {

/// One (day, resource group, service, currency) cost.
struct CostRow {
  std::optional<std::string> usage_date;  // YYYY-MM-DD; nothing when the query had no date column
  std::string resource_group;
  std::string service_name;
  std::string currency;
  double cost = 0;
};

/// Thrown when a page lacks the columns a cost row needs.
class CostShapeError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// The rows of one page: `properties.columns` says which position holds what,
/// by name (Cost/PreTaxCost/CostUSD, UsageDate, ResourceGroupName/ResourceGroup,
/// ServiceName, Currency), so column order never matters.
std::vector<CostRow> parse_cost_page(const Poco::JSON::Object& page);

/// 20261101 (number or text) or "2026-11-01T00:00:00" as "2026-11-01"; nothing if unreadable.
std::optional<std::string> normalise_usage_date(const std::string& value);

}  // namespace govsync::costs
