#include "azure/request_pacer.hpp"

#include <Poco/String.h>

#include <cmath>

namespace govsync::host {
namespace {

// A little past the moment a quota is back, so that the service has reset it too.
constexpr std::chrono::milliseconds kMargin{100};

}  // namespace

RequestPacer::RequestPacer(double reads_refill_per_second) : refill_per_second_(reads_refill_per_second) {}

std::string RequestPacer::scope_of(const std::string& host, const std::string& path) {
  const auto lower = Poco::toLower(path);
  if (lower.rfind("/providers/microsoft.resourcegraph/", 0) == 0) return host + "|resource-graph";
  // Cost Management's QPU quotas are the tenant's, whatever the scope of the query.
  if (lower.find("/providers/microsoft.costmanagement/") != std::string::npos) return host + "|cost-management";
  const std::string prefix = "/subscriptions/";
  if (lower.rfind(prefix, 0) != 0) return host + "|";
  const auto end = lower.find('/', prefix.size());
  return host + "|" + lower.substr(prefix.size(), end == std::string::npos ? std::string::npos : end - prefix.size());
}

std::chrono::milliseconds RequestPacer::wait_for_window(Scope& scope, Clock::time_point now) const {
  if (!scope.window_left) return std::chrono::milliseconds(0);
  if (now >= scope.window_resets) {
    scope.window_left.reset();  // a new window: its quota is unknown until an answer states it
    return std::chrono::milliseconds(0);
  }
  if (*scope.window_left > scope.in_flight) return std::chrono::milliseconds(0);
  return std::chrono::duration_cast<std::chrono::milliseconds>(scope.window_resets - now) +
         std::chrono::milliseconds(1);
}

std::chrono::milliseconds RequestPacer::wait_for_reads(Scope& scope, Clock::time_point now) const {
  if (!scope.reads_left) return std::chrono::milliseconds(0);
  const auto refilled = std::chrono::duration<double>(now - scope.reads_updated).count() * refill_per_second_;
  const auto missing = static_cast<double>(scope.in_flight) + 1.0 - (*scope.reads_left + refilled);
  if (missing <= 0) return std::chrono::milliseconds(0);
  return std::chrono::milliseconds(static_cast<long long>(std::ceil(missing / refill_per_second_ * 1000.0)));
}

std::chrono::milliseconds RequestPacer::wait_for_budget(Scope& scope, Clock::time_point now, const Charge& charge) {
  if (charge.budget == nullptr || charge.units <= 0) return std::chrono::milliseconds(0);
  std::chrono::seconds longest(0);
  for (const auto& window : *charge.budget) longest = std::max(longest, window.length);
  while (!scope.charged.empty() && scope.charged.front().first + longest <= now) scope.charged.pop_front();
  std::chrono::milliseconds wait(0);
  for (const auto& window : *charge.budget) {
    const auto ages_out = [&](Clock::time_point at) {
      return std::chrono::duration_cast<std::chrono::milliseconds>(at + window.length - now) +
             std::chrono::milliseconds(1);
    };
    int used = 0;
    for (const auto& [at, units] : scope.charged) {
      if (at + window.length > now) used += units;
    }
    if (used == 0 || used + charge.units <= window.units) continue;
    // Wait until the oldest charges have aged out far enough; a request larger
    // than the whole budget goes alone, once the window is empty.
    int excess = used + charge.units - window.units;
    for (const auto& [at, units] : scope.charged) {
      if (at + window.length <= now) continue;
      excess -= units;
      if (excess <= 0) {
        wait = std::max(wait, ages_out(at));
        break;
      }
    }
    if (excess > 0) wait = std::max(wait, ages_out(scope.charged.back().first));
  }
  return wait;
}

void RequestPacer::count_in(Scope& scope, Clock::time_point now, const Charge& charge) {
  ++scope.in_flight;
  if (charge.budget != nullptr && charge.units > 0) scope.charged.emplace_back(now, charge.units);
}

std::chrono::milliseconds RequestPacer::turn(const std::string& key, Clock::time_point now, const Charge& charge) {
  std::lock_guard lock(mutex_);
  auto& scope = scopes_[key];
  const auto wait =
      std::max({wait_for_window(scope, now), wait_for_reads(scope, now), wait_for_budget(scope, now, charge)});
  if (wait.count() == 0) count_in(scope, now, charge);
  return wait;
}

void RequestPacer::go_anyway(const std::string& key, Clock::time_point now, const Charge& charge) {
  std::lock_guard lock(mutex_);
  count_in(scopes_[key], now, charge);
}

void RequestPacer::done(const std::string& key, const QuotaReading& reading, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  auto& scope = scopes_[key];
  if (scope.in_flight > 0) --scope.in_flight;
  if (reading.window_remaining && reading.window_resets_after) {
    scope.window_left = *reading.window_remaining;
    scope.window_resets = now + *reading.window_resets_after + kMargin;
  }
  if (reading.reads_remaining) {
    scope.reads_left = static_cast<double>(*reading.reads_remaining);
    scope.reads_updated = now;
  }
}

}  // namespace govsync::host
