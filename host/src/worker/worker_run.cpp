#include "worker/worker_run.hpp"

#include <unistd.h>

#include <spdlog/spdlog.h>

#include <atomic>
#include <fstream>
#include <map>
#include <mutex>

#include "azure/azure_client_impl.hpp"
#include "channel/protocol.hpp"
#include "runs/failure_text.hpp"
#include "runs/run_session.hpp"

namespace govsync::host::worker {
namespace {

// Resident memory now, from /proc/self/statm (pages).
std::uint64_t resident_bytes() {
  std::ifstream statm("/proc/self/statm");
  std::uint64_t size = 0;
  std::uint64_t resident = 0;
  statm >> size >> resident;
  return resident * static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
}

std::shared_ptr<spdlog::logger> run_logger(const channel::RunStart& run) {
  const auto base = spdlog::default_logger();
  auto log = std::make_shared<spdlog::logger>(run.tenant.id + "#" + std::to_string(run.run_id), base->sinks().begin(),
                                              base->sinks().end());
  log->set_level(base->level());
  return log;
}

void open_database(WorkerState& state) {
  if (state.db) return;
  auto url = parse_database_url(state.configuration.database_url);
  if (!url) throw std::runtime_error("the worker's database URL: " + url.error().message);
  // One session: a run uses one at a time, and an idle worker keeps no more connections than that.
  auto db = std::make_unique<Database>(url.value(), 1);
  if (!state.configuration.schema.empty()) {
    state.catalog = SchemaCatalog::of(state.configuration.schema);  // as the supervisor read it after migrations
  } else {
    auto lease = db->lease();
    state.catalog = SchemaCatalog::read(lease.session(), db->dialect());
  }
  state.db = std::move(db);
}

// A token from the supervisor, which holds the tenant's credentials; its
// refusal comes back as the AzureError the supervisor's fetch raised.
// `rejected`: a token the API refused, which the supervisor drops from its cache too.
AccessToken token_from_supervisor(WorkerInbox& inbox, const std::string& scope, const std::string& rejected,
                                  std::chrono::seconds bound) {
  auto request = channel::message_of(channel::message::token_request);
  request.set("scope", scope);
  if (!rejected.empty()) request.set("rejected", rejected);
  const auto answer = inbox.ask(request, bound);
  if (answer->has("error")) {
    throw govsync::AzureError(static_cast<govsync::AzureErrorKind>(answer->getValue<int>("error_kind")),
                              answer->optValue<int>("status", 0), answer->getValue<std::string>("error"));
  }
  return {answer->getValue<std::string>("token"),
          std::chrono::steady_clock::now() + std::chrono::seconds(answer->optValue<std::int64_t>("expires_in", 0))};
}

// Progress reports to the supervisor: a new stage at once, the same stage at
// most every 100 ms (a plugin may report every row), and the last one at the end.
class ProgressRelay {
 public:
  explicit ProgressRelay(channel::FrameChannel& channel) : channel_(channel) {}

  void report(std::string_view stage, std::uint64_t done, std::uint64_t total, std::uint64_t rows,
              std::uint64_t requests) {
    const auto now = std::chrono::steady_clock::now();
    const bool due = stage != last_.stage || now - sent_ >= std::chrono::milliseconds(100);
    last_ = {std::string(stage), done, total, rows, requests};
    pending_ = !due;
    if (due) {
      sent_ = now;
      send();
    }
  }
  /// Sends the last report if it was held back.
  void flush() {
    if (pending_) send();
    pending_ = false;
  }

 private:
  struct Report {
    std::string stage;
    std::uint64_t done = 0;
    std::uint64_t total = 0;
    std::uint64_t rows = 0;
    std::uint64_t requests = 0;
  };
  void send() {
    auto progress = channel::message_of(channel::message::progress);
    progress.set("stage", last_.stage);
    progress.set("done", last_.done);
    progress.set("total", last_.total);
    progress.set("rows", last_.rows);
    progress.set("requests", last_.requests);
    static_cast<void>(channel_.send(progress));
  }

  channel::FrameChannel& channel_;
  Report last_;
  bool pending_ = false;
  std::chrono::steady_clock::time_point sent_;
};

}  // namespace

void run_in_worker(WorkerState& state, const Poco::JSON::Object& start, channel::FrameChannel& channel,
                   WorkerInbox& inbox) {
  const auto run = channel::run_start_of(start);
  auto log = run_logger(run);
  RunControl control;
  control.set_run_id(run.run_id);
  inbox.set_run(&control, run.run_id);
  std::atomic<std::uint64_t> requests{0};
  // HTTP attempts by (status, will be retried): reported with the result, for the supervisor's metrics.
  std::mutex attempts_mutex;
  std::map<std::pair<int, bool>, std::uint64_t> attempts;
  const auto& azure = state.configuration.azure;
  // A token fetch retries within max_retry_time; the supervisor answers after it.
  const auto token_bound = azure.max_retry_time + azure.request_timeout + std::chrono::seconds(30);

  SessionHooks hooks;
  hooks.make_azure_client = [&] {
    return std::make_unique<AzureClientImpl>(
        run.tenant.id, azure,
        [&](const std::string& scope, const std::string& rejected) {
          return state.tokens.token(
              run.tenant.id, scope, [&] { return token_from_supervisor(inbox, scope, rejected, token_bound); },
              rejected);
        },
        [&control] { return control.cancelled(); }, log,
        [&](int status, bool will_retry) {
          if (status != 0) ++requests;
          std::lock_guard lock(attempts_mutex);
          ++attempts[{status, will_retry}];
        });
  };
  ProgressRelay progress(channel);
  hooks.on_progress = [&](std::string_view stage, std::uint64_t done, std::uint64_t total, std::uint64_t rows) {
    progress.report(stage, done, total, rows, requests.load());
  };
  hooks.may_commit = [&] {
    const auto answer = inbox.ask(channel::message_of(channel::message::commit_request), std::chrono::seconds(30));
    if (answer->getValue<bool>("commit")) return true;
    control.cancel(answer->optValue<std::string>("reason", "the supervisor refused the commit"));
    return false;
  };

  SessionResult result;
  if (auto error = failure_of([&] { open_database(state); }); !error.empty()) {
    result.error = "the worker cannot open the database: " + error;
  } else {
    SessionRequest request{state.plugin.instance.get(),
                           state.plugin.info.name,
                           run.tenant,
                           state.plugin_config.get(),
                           run.run_id,
                           run.owner,
                           run.deletion};
    result = run_session(*state.db, *state.catalog, request, control, hooks, log);
  }
  inbox.set_run(nullptr, 0);
  progress.flush();

  auto message = channel::message_of(channel::message::run_result);
  message.set("succeeded", result.succeeded);
  message.set("rows_written", result.counts.rows_written);
  message.set("rows_deleted", result.counts.rows_deleted);
  message.set("truncations", static_cast<std::uint64_t>(result.counts.truncations));
  message.set("duplicate_keys", result.counts.duplicate_keys);
  message.set("error", result.error);
  message.set("mass_delete_refused", result.mass_delete_refused);
  message.set("resident_bytes", resident_bytes());
  Poco::JSON::Array::Ptr counted(new Poco::JSON::Array);
  for (const auto& [attempt, count] : attempts) {
    Poco::JSON::Object::Ptr a(new Poco::JSON::Object);
    a->set("status", attempt.first);
    a->set("will_retry", attempt.second);
    a->set("count", count);
    counted->add(a);
  }
  message.set("attempts", counted);
  static_cast<void>(channel.send(message));
}

}  // namespace govsync::host::worker
