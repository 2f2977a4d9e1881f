#pragma once
// Azure's read quotas as the services state them in their answers, so that a
// client can pace itself before it is throttled:
//
// - Resource Graph: a number of queries per user and time window. Every
//   answer carries x-ms-user-quota-remaining (int) and
//   x-ms-user-quota-resets-after (hh:mm:ss). "Guidance for throttled requests
//   in Azure Resource Graph", learn.microsoft.com/azure/governance/
//   resource-graph/concepts/guidance-for-throttled-requests.
// - Azure Resource Manager: a token bucket of reads per subscription (and one
//   per tenant for requests without a subscription), refilled at a fixed rate
//   (250 tokens, 25 per second by default). Read answers carry
//   x-ms-ratelimit-remaining-subscription-reads or
//   x-ms-ratelimit-remaining-tenant-reads. "Understand how Azure Resource
//   Manager throttles requests", learn.microsoft.com/azure/
//   azure-resource-manager/management/request-limits-and-throttling.
//
// - Cost Management's Query API: query processing units (QPU) per tenant, one
//   per month of data queried, at most 12 per 10 seconds, 60 per minute and
//   600 per hour. An answer states the QPUs it consumed in
//   x-ms-ratelimit-microsoft.costmanagement-qpu-consumed; a throttled one the
//   seconds to wait in x-ms-ratelimit-microsoft.costmanagement-qpu-retry-after
//   ("Manage costs with automation", section "Query API query processing units",
//   learn.microsoft.com/azure/cost-management-billing/costs/manage-automation).
//   The remaining quotas header is documented only as "list of remaining
//   quotas", without a form, so it is not sent.
//
// A request over a quota is answered 429 with Retry-After (seconds), or the
// QPU header for Cost Management.

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "errors.hpp"
#include "http_types.hpp"
#include "scenario.hpp"

namespace govsync::emulator {

class ReadQuota {
 public:
  /// Counts one API request of the tenant against its quotas (a tenant
  /// without quotas is not counted). A 429 answer when a quota is spent;
  /// otherwise nothing, and the quota headers the answer must carry are
  /// added to `headers`.
  std::optional<Response> admit(const Tenant& tenant, const Request& request, Api api,
                                std::vector<std::pair<std::string, std::string>>& headers);
  /// Forgets every count (a new scenario, or a reset).
  void clear();

 private:
  using Clock = std::chrono::steady_clock;
  struct Window {
    Clock::time_point started;
    int used = 0;
  };
  struct Bucket {
    Clock::time_point updated;
    double tokens = 0;
  };
  struct Charge {
    Clock::time_point at;
    int units = 0;
  };

  std::optional<Response> admit_graph_query(const Tenant& tenant, const Request& request,
                                            std::vector<std::pair<std::string, std::string>>& headers);
  std::optional<Response> admit_cost_query(const Tenant& tenant, const Request& request,
                                           std::vector<std::pair<std::string, std::string>>& headers);
  std::optional<Response> admit_arm_read(const Tenant& tenant, const Request& request,
                                         std::vector<std::pair<std::string, std::string>>& headers);

  std::mutex mutex_;
  std::map<std::string, Window> windows_;               // by tenant
  std::map<std::string, Bucket> buckets_;               // by tenant and subscription
  std::map<std::string, std::vector<Charge>> charges_;  // QPUs by tenant, oldest first
};

}  // namespace govsync::emulator
