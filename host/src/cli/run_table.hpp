#pragma once
// The summary table `govsync run` prints.

#include <ostream>
#include <vector>

#include "runs/run_executor.hpp"

namespace govsync::host {

/// One line per run: domain, tenant, status, rows, truncations, duration, error; then totals.
void print_run_table(std::ostream& out, const std::vector<RunOutcome>& outcomes);

}  // namespace govsync::host
