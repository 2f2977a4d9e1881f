#pragma once
// Runs a list of (domain, tenant) requests on a bounded pool of threads.

#include <atomic>
#include <vector>

#include "runs/run_executor.hpp"

namespace govsync::host {

/// Executes every request with at most `concurrency` at once; outcomes come
/// back in request order.
std::vector<RunOutcome> run_batch(RunExecutor& executor, const std::vector<RunRequest>& requests, int concurrency,
                                  const std::atomic<bool>& cancel);

}  // namespace govsync::host
