#include "runs/run_batch.hpp"

#include <algorithm>
#include <map>
#include <string>
#include <thread>

namespace govsync::host {
namespace {

// The order runs start in: one of each domain in turn, so that every plugin's
// runs go on side by side (worker processes of each plugin are reused by its
// next run instead of every domain starting a fresh set in its turn).
std::vector<std::size_t> interleaved_by_domain(const std::vector<RunRequest>& requests) {
  std::map<std::string, std::vector<std::size_t>> by_domain;
  std::vector<std::string> domains;  // in order of first appearance
  for (std::size_t i = 0; i < requests.size(); ++i) {
    const auto& name = requests[i].domain->settings.name;
    auto& list = by_domain[name];
    if (list.empty()) domains.push_back(name);
    list.push_back(i);
  }
  std::vector<std::size_t> order;
  order.reserve(requests.size());
  for (std::size_t round = 0; order.size() < requests.size(); ++round) {
    for (const auto& name : domains) {
      if (const auto& list = by_domain[name]; round < list.size()) order.push_back(list[round]);
    }
  }
  return order;
}

}  // namespace

std::vector<RunOutcome> run_batch(RunExecutor& executor, const std::vector<RunRequest>& requests, int concurrency,
                                  const std::atomic<bool>& stop, const std::string& stop_reason) {
  std::vector<RunOutcome> outcomes(requests.size());
  const auto order = interleaved_by_domain(requests);
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
      for (std::size_t n = next++; n < requests.size(); n = next++) {
        const auto i = order[n];
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
