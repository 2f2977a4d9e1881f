#pragma once
// Runs a list of (domain, tenant) requests on a bounded pool of threads.

#include <atomic>
#include <vector>

#include "runs/run_executor.hpp"

namespace govsync::host {

/// Executes every request with at most `concurrency` at once, starting them
/// one domain after another in turn; outcomes come back in request order. Once `stop` is set, running runs are
/// cancelled with stop_reason and runs not yet started are failed with it.
std::vector<RunOutcome> run_batch(RunExecutor& executor, const std::vector<RunRequest>& requests, int concurrency,
                                  const std::atomic<bool>& stop, const std::string& stop_reason);

}  // namespace govsync::host
