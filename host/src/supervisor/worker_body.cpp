#include "supervisor/worker_body.hpp"

#include <spdlog/spdlog.h>

#include "azure/azure_client_impl.hpp"
#include "channel/protocol.hpp"
#include "runs/run_executor.hpp"

namespace govsync::host {
namespace {

using Clock = std::chrono::steady_clock;

SessionResult failed(std::string error) {
  SessionResult result;
  result.error = std::move(error);
  return result;
}

// One run's conversation with its worker, on the run's thread of the supervisor.
class Conversation {
 public:
  Conversation(WorkerProcess& worker, const RunRequest& request, RunControl& control, RunProgress& progress,
               RunObserver* observer, const std::shared_ptr<spdlog::logger>& log, TokenCache& tokens,
               std::chrono::milliseconds stop_grace)
      : worker_(worker),
        request_(request),
        control_(control),
        progress_(progress),
        observer_(observer),
        log_(log),
        tokens_(tokens),
        stop_grace_(stop_grace) {}

  /// The run's result, or nothing when the worker died (or was killed) first.
  std::optional<SessionResult> follow() {
    for (;;) {
      steer();
      auto got = worker_.channel().receive(std::chrono::milliseconds(100));
      if (got.kind == channel::Received::Kind::timeout) continue;
      if (got.kind != channel::Received::Kind::message) {
        if (!got.error.empty()) log_->error("worker {}: {}", worker_.pid(), got.error);
        return std::nullopt;
      }
      if (auto result = handle(*got.object)) return result;
    }
  }

  bool killed() const { return killed_; }

 private:
  // Cancel once the run is cancelled; SIGKILL once the grace after it is spent.
  void steer() {
    if (!control_.cancelled()) return;
    const auto now = Clock::now();
    if (!cancel_sent_) {
      auto cancel = channel::message_of(channel::message::cancel);
      cancel.set("reason", control_.reason());
      static_cast<void>(worker_.channel().send(cancel));
      cancel_sent_ = now;
    } else if (!killed_ && now - *cancel_sent_ > stop_grace_) {
      log_->error("the worker (pid {}) did not stop within {} ms of its cancellation; killing it", worker_.pid(),
                  stop_grace_.count());
      worker_.kill();
      killed_ = true;
    }
  }

  void answer(const Poco::JSON::Object& question, Poco::JSON::Object reply) {
    reply.set("request_id", question.getValue<std::int64_t>("request_id"));
    static_cast<void>(worker_.channel().send(reply));
  }

  // A token for the run's tenant and one of the two scopes it may ask for.
  void answer_token(const Poco::JSON::Object& question) {
    const auto azure = request_.azure ? *request_.azure : AzureSettings{};
    const auto scope = question.optValue<std::string>("scope", "");
    auto reply = channel::message_of(channel::message::token);
    try {
      if (scope != azure.management_scope && scope != azure.graph_scope) {
        throw govsync::AzureError(govsync::AzureErrorKind::authentication, 0,
                                  "the worker asked for a token of scope '" + scope +
                                      "', which is neither [azure] management_scope nor graph_scope");
      }
      AzureClientImpl client(
          *request_.tenant, azure, tokens_, [this] { return control_.cancelled(); }, log_);
      reply.set("token", client.bearer(scope));
    } catch (const govsync::AzureError& e) {
      reply.set("error", std::string(e.what()));
      reply.set("error_kind", static_cast<int>(e.kind()));
      reply.set("status", e.status());
    } catch (const std::exception& e) {
      reply.set("error", std::string(e.what()));
      reply.set("error_kind", static_cast<int>(govsync::AzureErrorKind::authentication));
    }
    answer(question, reply);
  }

  std::optional<SessionResult> handle(const Poco::JSON::Object& message) {
    const auto type = message.getValue<std::string>("type");
    if (type == channel::message::log) {
      const auto level = static_cast<spdlog::level::level_enum>(message.optValue<int>("level", spdlog::level::info));
      log_->log(level, "{}", message.optValue<std::string>("text", ""));
    } else if (type == channel::message::progress) {
      progress_.stage = message.optValue<std::string>("stage", "");
      progress_.done = message.optValue<std::uint64_t>("done", 0);
      progress_.total = message.optValue<std::uint64_t>("total", 0);
      progress_.rows = message.optValue<std::uint64_t>("rows", 0);
      progress_.requests = message.optValue<std::uint64_t>("requests", 0);
      if (observer_ != nullptr) observer_->run_progressed(progress_);
    } else if (type == channel::message::azure_attempt) {
      if (observer_ != nullptr)
        observer_->azure_attempt(message.optValue<int>("status", 0), message.optValue<bool>("will_retry", false));
    } else if (type == channel::message::token_request) {
      answer_token(message);
    } else if (type == channel::message::commit_request) {
      auto reply = channel::message_of(channel::message::commit_answer);
      const bool commit = !control_.cancelled() && control_.begin_commit();
      reply.set("commit", commit);
      if (!commit) reply.set("reason", control_.reason());
      answer(message, reply);
    } else if (type == channel::message::run_result) {
      SessionResult result;
      result.succeeded = message.getValue<bool>("succeeded");
      result.counts.rows_written = message.optValue<std::uint64_t>("rows_written", 0);
      result.counts.rows_deleted = message.optValue<std::uint64_t>("rows_deleted", 0);
      result.counts.truncations = message.optValue<std::uint64_t>("truncations", 0);
      result.error = message.optValue<std::string>("error", "");
      resident_bytes = message.optValue<std::uint64_t>("resident_bytes", 0);
      return result;
    } else {
      log_->warn("worker {}: unexpected message '{}' ignored", worker_.pid(), type);
    }
    return std::nullopt;
  }

 public:
  std::uint64_t resident_bytes = 0;

 private:
  WorkerProcess& worker_;
  const RunRequest& request_;
  RunControl& control_;
  RunProgress& progress_;
  RunObserver* observer_;
  const std::shared_ptr<spdlog::logger>& log_;
  TokenCache& tokens_;
  std::chrono::milliseconds stop_grace_;
  std::optional<Clock::time_point> cancel_sent_;
  bool killed_ = false;
};

}  // namespace

WorkerBody::WorkerBody(WorkerPool& pool, std::string database_url)
    : pool_(pool), database_url_(std::move(database_url)) {}

channel::WorkerConfiguration WorkerBody::configuration_for(const RunRequest& request) const {
  channel::WorkerConfiguration configuration;
  std::vector<std::string> keys;
  request.domain->plugin_config->keys(keys);
  for (const auto& key : keys) configuration.plugin_keys[key] = request.domain->plugin_config->getString(key);
  configuration.database_url = database_url_;
  configuration.azure = request.azure ? *request.azure : AzureSettings{};
  configuration.log_level = spdlog::level::to_string_view(spdlog::default_logger()->level()).data();
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

SessionResult WorkerBody::run(const RunRequest& request, std::int64_t run_id, const std::string& owner,
                              RunControl& control, RunProgress& progress, RunObserver* observer,
                              const std::shared_ptr<spdlog::logger>& log) {
  const auto& plugin = request.domain->plugin->info.name;
  const auto& domain = request.domain->settings.name;
  const auto pair = pair_key(domain, request.tenant->id);
  const auto now = CrashQuarantine::Clock::now();
  for (const auto& key : {plugin_key(plugin), pair}) {
    if (auto held = quarantine_.held(key, now); !held.empty()) return failed("not started: " + held);
  }
  auto acquired = pool_.acquire(request.domain->plugin->path, configuration_for(request));
  if (!acquired.worker) return failed("no worker for plugin " + plugin + ": " + acquired.error);
  auto worker = std::move(acquired.worker);
  ++worker->runs;
  static_cast<void>(worker->channel().send(channel::start_run({run_id, owner, tenant_info(*request.tenant)})));

  Conversation conversation(*worker, request, control, progress, observer, log, tokens_, pool_.limits().stop_grace);
  if (auto result = conversation.follow()) {
    quarantine_.succeeded(plugin_key(plugin));
    quarantine_.succeeded(pair);
    const bool grew = conversation.resident_bytes > pool_.limits().recycle_resident_bytes;
    if (grew)
      log->info("recycling the worker (pid {}): {} MiB resident", worker->pid(), conversation.resident_bytes >> 20);
    pool_.release(std::move(worker), !grew);
    return *result;
  }
  // The worker is gone: its transaction died with its connection.
  pool_.forget(*worker);
  const auto how = worker->reap(std::chrono::seconds(2));
  std::string error = "worker of plugin " + plugin + " (pid " + std::to_string(worker->pid()) + ") " + how;
  if (control.cancelled()) {
    // Killed, or gone, after the supervisor asked it to stop (timeout, shutdown): not the plugin's crash.
    error = control.reason() + "; " + error + (conversation.killed() ? " after it did not stop" : "");
  } else {
    if (!progress.stage.empty()) error += " during '" + progress.stage + "'";
    {
      std::lock_guard lock(held_mutex_);
      held_[plugin_key(plugin)] = HeldBack{plugin, "", "", ""};
      held_[pair] = HeldBack{"", domain, request.tenant->id, ""};
    }
    for (const auto& key : {plugin_key(plugin), pair}) {
      if (const auto pause = quarantine_.crashed(key, how, CrashQuarantine::Clock::now())) {
        log->error("{} quarantined for {} s: its runs killed their worker repeatedly", key, pause->count());
      }
    }
  }
  return failed(error + "; rows rolled back");
}

}  // namespace govsync::host
