#include "supervisor/worker_conversation.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "azure/azure_client_impl.hpp"
#include "channel/messages.hpp"
#include "channel/protocol.hpp"
#include "runs/run_executor.hpp"

namespace govsync::host {
namespace {

using Clock = std::chrono::steady_clock;

// A worker that was told it may commit has this long to report its result.
constexpr auto kCommitBound = std::chrono::seconds(60);

}  // namespace

WorkerConversation::WorkerConversation(WorkerProcess& worker, const RunRequest& request, RunControl& control,
                                       RunProgress& progress, RunObserver* observer,
                                       std::shared_ptr<spdlog::logger> log, TokenCache& tokens,
                                       std::chrono::milliseconds stop_grace)
    : worker_(worker),
      request_(request),
      control_(control),
      progress_(progress),
      observer_(observer),
      log_(std::move(log)),
      tokens_(tokens),
      stop_grace_(stop_grace) {}

WorkerConversation::~WorkerConversation() {
  finished_.store(true);
  token_fetches_.clear();  // joins; each stops at its next retry pause
}

std::optional<SessionResult> WorkerConversation::follow() {
  for (;;) {
    steer();
    auto got = worker_.channel().receive(std::chrono::milliseconds(100));
    if (got.kind == channel::Received::Kind::timeout) {
      // A dead worker whose channel a child of its plugin still holds open sends no end of file.
      if (worker_.has_exited()) return std::nullopt;
      continue;
    }
    if (got.kind != channel::Received::Kind::message) {
      if (!got.error.empty()) log_->error("worker {}: {}", worker_.pid(), got.error);
      return std::nullopt;
    }
    try {
      if (auto result = handle(*got.object)) return result;
    } catch (const Poco::Exception& e) {
      protocol_error_ = "it sent a malformed '" + got.type() + "' message (" + e.displayText() + ")";
      kill(protocol_error_);
      return std::nullopt;
    } catch (const std::exception& e) {
      protocol_error_ = std::string("it sent a malformed '") + got.type() + "' message (" + e.what() + ")";
      kill(protocol_error_);
      return std::nullopt;
    }
  }
}

void WorkerConversation::kill(const std::string& why) {
  log_->error("killing the worker (pid {}): {}", worker_.pid(), why);
  worker_.kill();
  killed_ = true;
}

// Cancel once the run is cancelled; SIGKILL once the grace after it is spent,
// or once a worker allowed to commit takes too long to say it did.
void WorkerConversation::steer() {
  const auto now = Clock::now();
  if (commit_granted_ && !killed_ && now - *commit_granted_ > kCommitBound) {
    kill("no result within " + std::to_string(kCommitBound.count()) + " s of being allowed to commit");
    return;
  }
  if (!control_.cancelled() || commit_granted_) return;
  if (!cancel_sent_) {
    auto cancel = channel::message_of(channel::message::cancel);
    cancel.set("reason", control_.reason());
    cancel.set("run_id", control_.run_id());
    static_cast<void>(worker_.channel().send(cancel));
    cancel_sent_ = now;
  } else if (!killed_ && now - *cancel_sent_ > stop_grace_) {
    kill("it did not stop within " + std::to_string(stop_grace_.count()) + " ms of its cancellation");
  }
}

void WorkerConversation::answer(const Poco::JSON::Object& question, Poco::JSON::Object reply) {
  reply.set("request_id", question.getValue<std::int64_t>("request_id"));
  static_cast<void>(worker_.channel().send(reply));
}

// A token for the run's tenant and one of the two scopes it may ask for,
// fetched on a thread of its own (retries can take max_retry_time).
void WorkerConversation::answer_token(Poco::JSON::Object question) {
  static_cast<void>(question.getValue<std::int64_t>("request_id"));  // checked before the fetch starts
  const auto scope = question.getValue<std::string>("scope");
  // A token the API refused (401) is dropped here too, not handed out again.
  const auto rejected = question.optValue<std::string>("rejected", "");
  const auto reply_with = [this](const Poco::JSON::Object& to, const AccessToken& token) {
    auto reply = channel::message_of(channel::message::token);
    reply.set("token", token.value);
    const auto left = std::chrono::duration_cast<std::chrono::seconds>(token.expires - Clock::now());
    reply.set("expires_in", static_cast<std::int64_t>(left.count()));
    answer(to, reply);
  };
  // Most requests find the token cached (another worker asked for the tenant before): answer at once.
  const auto azure = request_.azure ? *request_.azure : AzureSettings{};
  if (scope == azure.management_scope || scope == azure.graph_scope) {
    if (const auto cached = tokens_.cached(request_.tenant->id, scope); cached && cached->value != rejected) {
      reply_with(question, *cached);
      return;
    }
  }
  token_fetches_.emplace_back([this, question = std::move(question), scope, rejected, azure, reply_with] {
    try {
      if (scope != azure.management_scope && scope != azure.graph_scope) {
        throw govsync::AzureError(govsync::AzureErrorKind::authentication, 0,
                                  "the worker asked for a token of scope '" + scope +
                                      "', which is neither [azure] management_scope nor graph_scope");
      }
      AzureClientImpl client(
          *request_.tenant, azure, tokens_, [this] { return control_.cancelled() || finished_.load(); }, log_);
      reply_with(question, tokens_.access_token(
                               request_.tenant->id, scope, [&] { return client.fetch_token(scope); }, rejected));
    } catch (const govsync::AzureError& e) {
      auto reply = channel::message_of(channel::message::token);
      reply.set("error", std::string(e.what()));
      reply.set("error_kind", static_cast<int>(e.kind()));
      reply.set("status", e.status());
      answer(question, reply);
    } catch (const std::exception& e) {
      auto reply = channel::message_of(channel::message::token);
      reply.set("error", std::string(e.what()));
      reply.set("error_kind", static_cast<int>(govsync::AzureErrorKind::authentication));
      answer(question, reply);
    }
  });
}

// The run's HTTP attempts, counted in the worker by status and retry, for the metrics.
void WorkerConversation::replay_attempts(const Poco::JSON::Object& result) {
  const auto attempts = result.getArray("attempts");
  if (!attempts || observer_ == nullptr) return;
  for (std::size_t i = 0; i < attempts->size(); ++i) {
    const auto a = attempts->getObject(static_cast<unsigned>(i));
    const auto count = std::min<std::uint64_t>(a->getValue<std::uint64_t>("count"), 1000000);
    for (std::uint64_t n = 0; n < count; ++n) {
      observer_->azure_attempt(a->getValue<int>("status"), a->getValue<bool>("will_retry"));
    }
  }
}

void WorkerConversation::relay_log(const Poco::JSON::Object& message) {
  log_->log(channel::log_level_of(message), "{}", message.optValue<std::string>("text", ""));
}

std::optional<SessionResult> WorkerConversation::handle(const Poco::JSON::Object& message) {
  const auto type = message.getValue<std::string>("type");
  if (type == channel::message::log) {
    relay_log(message);
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
    if (commit) commit_granted_ = Clock::now();
    if (!commit) reply.set("reason", control_.reason());
    answer(message, reply);
  } else if (type == channel::message::run_result) {
    SessionResult result;
    result.succeeded = message.getValue<bool>("succeeded");
    if (result.succeeded && !commit_granted_) {
      throw std::invalid_argument("it reported success without being allowed to commit");
    }
    result.counts.rows_written = message.optValue<std::uint64_t>("rows_written", 0);
    result.counts.rows_deleted = message.optValue<std::uint64_t>("rows_deleted", 0);
    result.counts.truncations = message.optValue<std::uint64_t>("truncations", 0);
    result.counts.duplicate_keys = message.optValue<std::uint64_t>("duplicate_keys", 0);
    result.error = message.optValue<std::string>("error", "");
    result.mass_delete_refused = message.optValue<bool>("mass_delete_refused", false);
    resident_bytes_ = message.optValue<std::uint64_t>("resident_bytes", 0);
    replay_attempts(message);
    return result;
  } else {
    log_->warn("worker {}: unexpected message '{}' ignored", worker_.pid(), type);
  }
  return std::nullopt;
}

}  // namespace govsync::host
