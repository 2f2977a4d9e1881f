#pragma once
// Cost Management's Query API is limited by query processing units (QPU) per
// tenant, besides ARM's own limits: one QPU per month of data queried, and
// 12 QPU per 10 seconds, 60 per minute and 600 per hour ("Manage costs with
// automation", section "Query API query processing units",
// learn.microsoft.com/azure/cost-management-billing/costs/manage-automation).
// The service states no remaining quota in a documented form, so a client
// keeps its own account of what it spent.

#include <chrono>
#include <string>
#include <vector>

namespace govsync::host {

/// At most `units` within any `length` of time.
struct BudgetWindow {
  std::chrono::seconds length;
  int units;
};

/// The documented QPU quotas of the Query API.
const std::vector<BudgetWindow>& cost_management_qpu_quotas();

/// The QPUs a request costs: for a Cost Management query (a path under
/// /providers/Microsoft.CostManagement/query or .../forecast), the calendar
/// months its body's Custom timePeriod spans (1 for a named timeframe or a
/// body that names no period); 0 for any other request.
int cost_management_qpu(const std::string& path, const std::string& body);

}  // namespace govsync::host
