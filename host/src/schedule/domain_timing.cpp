#include "schedule/domain_timing.hpp"

namespace govsync::host {

std::vector<DomainTiming> domain_timings(const Settings& settings) {
  std::vector<DomainTiming> timings;
  std::int64_t position = 0;
  for (const auto& d : settings.domains) {
    if (!d.enabled) continue;
    DomainTiming t;
    t.name = d.name;
    t.interval = d.interval.value_or(kDefaultInterval);
    t.first_run_after = d.offset.value_or(settings.scheduler.stagger * position);
    t.retry = settings.scheduler.retry;
    t.jitter = settings.scheduler.jitter;
    timings.push_back(std::move(t));
    ++position;
  }
  return timings;
}

std::chrono::seconds run_timeout_of(const Settings& settings, const std::string& domain) {
  const auto* d = settings.domain(domain);
  return d != nullptr && d->run_timeout ? *d->run_timeout : settings.scheduler.run_timeout;
}

}  // namespace govsync::host
