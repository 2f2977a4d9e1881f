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

std::chrono::milliseconds RequestPacer::turn(const std::string& key, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  auto& scope = scopes_[key];
  const auto wait = std::max(wait_for_window(scope, now), wait_for_reads(scope, now));
  if (wait.count() == 0) ++scope.in_flight;
  return wait;
}

void RequestPacer::go_anyway(const std::string& key) {
  std::lock_guard lock(mutex_);
  ++scopes_[key].in_flight;
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
