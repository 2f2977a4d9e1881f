#pragma once
// Each enabled domain's timing from the configuration.

#include <vector>

#include "config/settings.hpp"
#include "schedule/schedule.hpp"

namespace govsync::host {

/// One timing per enabled domain, in configuration order: the first run comes
/// `offset` after start, else position × stagger (the first enabled domain at
/// 0), so every enabled domain has an explicit first run time.
std::vector<DomainTiming> domain_timings(const Settings& settings);

/// The run timeout of a domain: its own run_timeout, else [scheduler] run_timeout.
std::chrono::seconds run_timeout_of(const Settings& settings, const std::string& domain);

}  // namespace govsync::host
