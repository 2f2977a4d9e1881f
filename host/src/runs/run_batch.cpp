#include "runs/run_batch.hpp"

#include <algorithm>
#include <thread>

namespace govsync::host {

std::vector<RunOutcome> run_batch(RunExecutor& executor, const std::vector<RunRequest>& requests, int concurrency,
                                  const std::atomic<bool>& cancel) {
  std::vector<RunOutcome> outcomes(requests.size());
  std::atomic<std::size_t> next{0};
  const auto workers =
      std::clamp<std::size_t>(static_cast<std::size_t>(concurrency), 1, std::max<std::size_t>(1, requests.size()));
  std::vector<std::jthread> threads;
  threads.reserve(workers);
  for (std::size_t w = 0; w < workers; ++w) {
    threads.emplace_back([&] {
      for (std::size_t i = next++; i < requests.size(); i = next++) outcomes[i] = executor.execute(requests[i], cancel);
    });
  }
  threads.clear();  // joins
  return outcomes;
}

}  // namespace govsync::host
