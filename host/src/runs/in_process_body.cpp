#include "runs/in_process_body.hpp"

#include <atomic>

#include "azure/azure_client_impl.hpp"
#include "runs/run_executor.hpp"

namespace govsync::host {

SessionResult InProcessBody::run(const RunRequest& request, std::int64_t run_id, const std::string& owner,
                                 RunControl& control, RunProgress& progress, RunObserver* observer,
                                 const std::shared_ptr<spdlog::logger>& log) {
  const auto& plugin = *request.domain->plugin;
  // The instance configured for the binding in force when the run started.
  const auto& instance = request.domain->instance ? request.domain->instance : plugin.instance;
  SessionRequest session{
      instance.get(), plugin.info.name,       tenant_info(*request.tenant), request.domain->plugin_config.get(), run_id,
      owner,          deletion_guard(request)};
  std::atomic<std::uint64_t> requests{0};
  SessionHooks hooks;
  hooks.make_azure_client = [&] {
    return std::make_unique<AzureClientImpl>(
        *request.tenant, request.azure ? *request.azure : AzureSettings{}, tokens_,
        [&control] { return control.cancelled(); }, log,
        [&](int status, bool will_retry) {
          if (status != 0) ++requests;
          if (observer != nullptr) observer->azure_attempt(status, will_retry);
        });
  };
  if (observer != nullptr) {
    hooks.on_progress = [&](std::string_view stage, std::uint64_t done, std::uint64_t total, std::uint64_t rows) {
      progress.stage = stage;
      progress.done = done;
      progress.total = total;
      progress.requests = requests.load();
      progress.rows = rows;
      observer->run_progressed(progress);
    };
  }
  hooks.may_commit = [&control] { return control.begin_commit(); };
  return run_session(db_, catalog_, session, control, hooks, log);
}

}  // namespace govsync::host
