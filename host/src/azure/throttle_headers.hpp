#pragma once
// What an Azure answer says about the caller's limits, read from its headers.
//
// - Retry-After (RFC 9110 section 10.2.3): seconds or an HTTP date.
// - Cost Management and Consumption state their own waits, in seconds, in
//   x-ms-ratelimit-microsoft.costmanagement-qpu-retry-after (and the -entity-,
//   -tenant-, -clienttype- variants) and x-ms-ratelimit-microsoft.consumption-retry-after
//   ("Manage costs with automation", learn.microsoft.com/azure/cost-management-billing/
//   costs/manage-automation, and the GenerateDetailedCostReport error response).
//   Every x-ms-ratelimit-...-retry-after header is read, so a new variant is too.
// - Resource Graph: x-ms-user-quota-remaining (queries left in the window) and
//   x-ms-user-quota-resets-after (hh:mm:ss until the window resets) ("Guidance for
//   throttled requests in Azure Resource Graph", learn.microsoft.com/azure/governance/
//   resource-graph/concepts/guidance-for-throttled-requests).
// - Azure Resource Manager: x-ms-ratelimit-remaining-subscription-reads and
//   x-ms-ratelimit-remaining-tenant-reads, the reads left in a token bucket that refills at
//   25 per second ("Understand how Azure Resource Manager throttles requests",
//   learn.microsoft.com/azure/azure-resource-manager/management/request-limits-and-throttling).

#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace govsync::host {

using ThrottleHeaders = std::vector<std::pair<std::string, std::string>>;  // names in lower case

/// The longest wait any of the answer's retry-after headers asks for, clamped to
/// `longest`; nothing when none is present or readable.
std::optional<std::chrono::milliseconds> requested_wait(const ThrottleHeaders& headers,
                                                        std::chrono::system_clock::time_point now,
                                                        std::chrono::milliseconds longest);

/// The quota an answer reports, where it reports one.
struct QuotaReading {
  std::optional<long long> window_remaining;                     // Resource Graph
  std::optional<std::chrono::milliseconds> window_resets_after;  // Resource Graph
  std::optional<long long> reads_remaining;                      // ARM (the smaller of subscription and tenant)

  bool empty() const { return !window_remaining && !reads_remaining; }
};

/// Reads the quota headers; unreadable values are left out (as if absent).
QuotaReading quota_reading(const ThrottleHeaders& headers);

}  // namespace govsync::host
