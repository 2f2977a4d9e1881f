#include "supervisor/worker_body.hpp"

#include <spdlog/spdlog.h>

#include "channel/protocol.hpp"
#include "runs/run_executor.hpp"
#include "supervisor/worker_conversation.hpp"

namespace govsync::host {
namespace {

SessionResult failed(std::string error) {
  SessionResult result;
  result.error = std::move(error);
  return result;
}

}  // namespace

WorkerBody::WorkerBody(WorkerPool& pool, std::string database_url, const SchemaCatalog& catalog)
    : pool_(pool), database_url_(std::move(database_url)), schema_(catalog.tables()) {}

channel::WorkerConfiguration WorkerBody::configuration_for(const RunRequest& request) const {
  channel::WorkerConfiguration configuration;
  std::vector<std::string> keys;
  request.domain->plugin_config->keys(keys);
  for (const auto& key : keys) configuration.plugin_keys[key] = request.domain->plugin_config->getString(key);
  configuration.database_url = database_url_;
  configuration.azure = request.azure ? *request.azure : AzureSettings{};
  configuration.log_level = spdlog::level::to_string_view(spdlog::default_logger()->level()).data();
  configuration.schema = schema_;
  return configuration;
}

std::vector<HeldBack> WorkerBody::quarantined() const {
  std::vector<HeldBack> held;
  std::lock_guard lock(held_mutex_);
  for (const auto& [key, why] : quarantine_.held_keys(CrashQuarantine::Clock::now())) {
    if (const auto it = held_.find(key); it != held_.end()) {
      held.push_back(it->second);
      held.back().why = why;
    }
  }
  return held;
}

void WorkerBody::reloaded() {
  quarantine_.clear();
  pool_.retire_idle();
}

void WorkerBody::count_death(const std::string& plugin, const std::string& domain, const std::string& tenant,
                             const std::string& how, spdlog::logger& log) {
  const auto pair = pair_key(domain, tenant);
  {
    std::lock_guard lock(held_mutex_);
    held_[plugin_key(plugin)] = HeldBack{plugin, "", "", ""};
    held_[pair] = HeldBack{"", domain, tenant, ""};
  }
  for (const auto& key : {plugin_key(plugin), pair}) {
    if (const auto pause = quarantine_.crashed(key, how, CrashQuarantine::Clock::now())) {
      log.error("{} quarantined for {} s: its runs killed their worker repeatedly", key, pause->count());
    }
  }
}

SessionResult WorkerBody::run(const RunRequest& request, std::int64_t run_id, const std::string& owner,
                              RunControl& control, RunProgress& progress, RunObserver* observer,
                              const std::shared_ptr<spdlog::logger>& log) {
  const auto& plugin = request.domain->plugin->info.name;
  const auto& domain = request.domain->settings.name;
  const auto& tenant = request.tenant->id;
  for (const auto& key : {plugin_key(plugin), pair_key(domain, tenant)}) {
    if (auto held = quarantine_.held(key, CrashQuarantine::Clock::now()); !held.empty()) {
      return failed("not started: " + held);
    }
  }
  // An idle worker that died meanwhile, or whose channel broke, is replaced once.
  std::unique_ptr<WorkerProcess> worker;
  for (int attempt = 0; attempt < 2 && !worker; ++attempt) {
    auto acquired = pool_.acquire(request.domain->plugin->path, configuration_for(request));
    if (!acquired.worker) {
      if (acquired.died) count_death(plugin, domain, tenant, acquired.error, *log);
      return failed("no worker for plugin " + plugin + ": " + acquired.error);
    }
    if (acquired.worker->channel().send(
            channel::start_run({run_id, owner, tenant_info(*request.tenant), deletion_guard(request)}))) {
      worker = std::move(acquired.worker);
    } else {
      pool_.forget(*acquired.worker);
      acquired.worker->stop(std::chrono::seconds(1));
    }
  }
  if (!worker) return failed("no worker for plugin " + plugin + " took the run");
  ++worker->runs;

  std::optional<SessionResult> result;
  bool killed = false;
  std::string protocol_error;
  std::uint64_t resident = 0;
  {  // the conversation's token fetches end before the worker is handed back
    WorkerConversation conversation(*worker, request, control, progress, observer, log, tokens_,
                                    pool_.limits().stop_grace);
    result = conversation.follow();
    killed = conversation.killed();
    protocol_error = conversation.protocol_error();
    resident = conversation.resident_bytes();
  }
  if (result) {
    quarantine_.succeeded(plugin_key(plugin));
    quarantine_.succeeded(pair_key(domain, tenant));
    const bool grew = resident > pool_.limits().recycle_resident_bytes;
    if (grew) log->info("recycling the worker (pid {}): {} MiB resident", worker->pid(), resident >> 20);
    pool_.release(std::move(worker), !grew);
    return *result;
  }
  // The worker is gone: its transaction died with its connection (unless it
  // had committed just before: RunExecutor reads the row back then).
  pool_.forget(*worker);
  const auto how = worker->reap(std::chrono::seconds(2));
  std::string error = "worker of plugin " + plugin + " (pid " + std::to_string(worker->pid()) + ") " + how;
  if (!protocol_error.empty()) {
    error += " after " + protocol_error;
    count_death(plugin, domain, tenant, error, *log);
  } else if (control.cancelled()) {
    // Asked to stop (timeout, shutdown): one that ignored it and had to be killed is the plugin's fault.
    error = control.reason() + "; " + error + (killed ? " after it did not stop" : "");
    if (killed) count_death(plugin, domain, tenant, how + " after ignoring its cancellation", *log);
  } else {
    if (!progress.stage.empty()) error += " during '" + progress.stage + "'";
    count_death(plugin, domain, tenant, how, *log);
  }
  return failed(error + "; rows rolled back");
}

}  // namespace govsync::host
