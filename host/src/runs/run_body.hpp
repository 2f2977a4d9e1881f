#pragma once
// Where a run's plugin code executes: in a worker process (supervisor/) or on
// a thread of this process (isolation = thread). RunExecutor owns the ledger
// row around it either way.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "runs/run_observer.hpp"
#include "runs/run_session.hpp"

namespace spdlog {
class logger;
}

namespace govsync::host {

struct RunRequest;

/// A plugin (domain and tenant empty) or a (domain, tenant) (plugin empty)
/// held back because its runs kept killing their worker process.
struct HeldBack {
  std::string plugin;
  std::string domain;
  std::string tenant;
  /// Until when and why, in words.
  std::string why;
};

class RunBody {
 public:
  virtual ~RunBody() = default;
  /// Executes the run whose ledger row `run_id` is open and running under
  /// `owner`. Reports progress through `observer` (may be null) with `progress`
  /// as the base. Never throws: a failure is a result.
  virtual SessionResult run(const RunRequest& request, std::int64_t run_id, const std::string& owner,
                            RunControl& control, RunProgress& progress, RunObserver* observer,
                            const std::shared_ptr<spdlog::logger>& log) = 0;
  /// A configuration reload took effect.
  virtual void reloaded() {}
  /// What is held back now after its runs killed their workers.
  virtual std::vector<HeldBack> quarantined() const { return {}; }
};

}  // namespace govsync::host
