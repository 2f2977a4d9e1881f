#include "runs/run_batch.hpp"

#include <algorithm>
#include <thread>

namespace govsync::host {

std::vector<RunOutcome> run_batch(RunExecutor& executor, const std::vector<RunRequest>& requests, int concurrency,
                                  const std::atomic<bool>& stop, const std::string& stop_reason) {
  std::vector<RunOutcome> outcomes(requests.size());
  std::vector<RunControl> controls(requests.size());
  std::atomic<std::size_t> next{0};
  std::atomic<bool> finished{false};
  // Relays `stop` to the runs' controls.
  std::jthread relay([&] {
    while (!finished.load()) {
      if (stop.load()) {
        for (auto& control : controls) control.cancel(stop_reason);
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  });
  const auto workers =
      std::clamp<std::size_t>(static_cast<std::size_t>(concurrency), 1, std::max<std::size_t>(1, requests.size()));
  std::vector<std::jthread> threads;
  threads.reserve(workers);
  for (std::size_t w = 0; w < workers; ++w) {
    threads.emplace_back([&] {
      for (std::size_t i = next++; i < requests.size(); i = next++) {
        if (stop.load()) {
          outcomes[i] =
              RunOutcome{0,  requests[i].domain->settings.name, requests[i].tenant->id,       RunStatus::failed,
                         {}, std::chrono::milliseconds(0),      "not started: " + stop_reason};
          continue;
        }
        outcomes[i] = executor.execute(requests[i], controls[i]);
      }
    });
  }
  threads.clear();  // joins
  finished.store(true);
  return outcomes;
}

}  // namespace govsync::host
