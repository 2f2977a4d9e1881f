#pragma once
// Paces one run's requests to the quotas Azure states in its answers, so that
// a large tenant is slowed down before it is throttled, not after.
//
// Quotas are kept per scope (the API's host and the subscription of the path,
// or Resource Graph), as the services count them:
// - a window quota (Resource Graph): N queries left, reset after T. With none
//   left, the next request waits until the window resets.
// - a token bucket (ARM reads): N reads left, refilled over time. With none
//   left, the next request waits until the bucket holds one again, at 80% of
//   the documented refill rate of 25 per second, to leave a margin.
// - a budget the client keeps itself (Cost Management's QPUs, whose remaining
//   quota has no documented form): each request is charged its units, and one
//   that would pass a window's budget waits until enough of it has aged out.
// Requests in flight count against what is left: the service has not counted
// them yet when it states its figure.

#include <chrono>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "azure/cost_management_quota.hpp"
#include "azure/throttle_headers.hpp"

namespace govsync::host {

/// What a request costs of a budget the client keeps (none by default).
struct QuotaCharge {
  int units = 0;
  const std::vector<BudgetWindow>* budget = nullptr;
};

class RequestPacer {
 public:
  using Clock = std::chrono::steady_clock;

  /// `reads_refill_per_second`: how fast a spent token bucket is assumed to refill.
  explicit RequestPacer(double reads_refill_per_second = 20.0);

  using Charge = QuotaCharge;

  /// Zero when a request to `scope` may go now (it is then counted in flight
  /// and charged), or how long to wait before asking again.
  std::chrono::milliseconds turn(const std::string& scope, Clock::time_point now, const Charge& charge = {});
  /// Counts (and charges) a request that goes without its turn (its wait was too long).
  void go_anyway(const std::string& scope, Clock::time_point now, const Charge& charge = {});
  /// The request counted by turn() is done; `reading` is what its answer said (empty when none came).
  void done(const std::string& scope, const QuotaReading& reading, Clock::time_point now);

  /// The scope of a request URL: its host, and "resource-graph" or the
  /// subscription of the path ("" for a tenant-level request).
  static std::string scope_of(const std::string& host, const std::string& path);

 private:
  struct Scope {
    int in_flight = 0;
    std::optional<long long> window_left;  // known while the window lasts
    Clock::time_point window_resets;
    std::optional<double> reads_left;  // at reads_updated, refilling since
    Clock::time_point reads_updated;
    std::deque<std::pair<Clock::time_point, int>> charged;  // oldest first
  };

  std::chrono::milliseconds wait_for_window(Scope& scope, Clock::time_point now) const;
  std::chrono::milliseconds wait_for_reads(Scope& scope, Clock::time_point now) const;
  static std::chrono::milliseconds wait_for_budget(Scope& scope, Clock::time_point now, const Charge& charge);
  static void count_in(Scope& scope, Clock::time_point now, const Charge& charge);

  double refill_per_second_;
  std::mutex mutex_;
  std::map<std::string, Scope> scopes_;
};

/// One request counted in flight by a pacer (or by none): done() when it ends,
/// with what its answer said about the quota.
class PacedRequest {
 public:
  PacedRequest(RequestPacer* pacer, std::string scope) : pacer_(pacer), scope_(std::move(scope)) {}
  ~PacedRequest() {
    if (pacer_ != nullptr) pacer_->done(scope_, reading, RequestPacer::Clock::now());
  }
  PacedRequest(const PacedRequest&) = delete;
  PacedRequest& operator=(const PacedRequest&) = delete;

  QuotaReading reading;

 private:
  RequestPacer* pacer_;
  std::string scope_;
};

}  // namespace govsync::host
