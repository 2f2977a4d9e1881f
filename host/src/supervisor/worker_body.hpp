#pragma once
// isolation = process: each run executes in a worker process. The supervisor
// side of a run: it starts it in a worker, answers token and commit requests,
// relays logs and progress, cancels and then kills on timeout or shutdown,
// and turns a worker's death into the run's failure at once.

#include <map>
#include <mutex>
#include <string>

#include "azure/token_cache.hpp"
#include "runs/run_body.hpp"
#include "supervisor/crash_quarantine.hpp"
#include "supervisor/worker_pool.hpp"

namespace govsync::host {

class WorkerBody final : public RunBody {
 public:
  /// database_url: what workers open (the supervisor's own [database] url);
  /// catalog: the live schema, handed to workers so that none reads it again.
  WorkerBody(WorkerPool& pool, std::string database_url, const SchemaCatalog& catalog);
  SessionResult run(const RunRequest& request, std::int64_t run_id, const std::string& owner, RunControl& control,
                    RunProgress& progress, RunObserver* observer, const std::shared_ptr<spdlog::logger>& log) override;

  /// What a worker of this domain is told (its pool key too).
  channel::WorkerConfiguration configuration_for(const RunRequest& request) const;
  std::vector<HeldBack> quarantined() const override;
  /// A reload: quarantines are lifted and idle workers, told the old configuration, retired.
  void reloaded() override;

 private:
  /// A worker of the plugin died during a run of (domain, tenant): one more toward their quarantines.
  void count_death(const std::string& plugin, const std::string& domain, const std::string& tenant,
                   const std::string& how, spdlog::logger& log);

  WorkerPool& pool_;
  std::string database_url_;
  std::vector<TableInfo> schema_;
  TokenCache tokens_;  // the supervisor's: workers never see a secret
  CrashQuarantine quarantine_;
  mutable std::mutex held_mutex_;
  std::map<std::string, HeldBack> held_;  // quarantine key -> what it holds back
};

}  // namespace govsync::host
