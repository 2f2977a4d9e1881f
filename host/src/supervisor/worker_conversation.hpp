#pragma once
// One run's conversation with its worker, on the run's thread of the
// supervisor: it answers token and commit requests, relays logs and progress,
// cancels and then kills, and notices the worker's death. Every frame is
// checked: plugin code controls the worker, so a malformed frame is the
// worker's fault (it is killed), never the supervisor's crash.

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "azure/token_cache.hpp"
#include "runs/run_body.hpp"
#include "supervisor/worker_process.hpp"

namespace govsync::host {

class WorkerConversation {
 public:
  WorkerConversation(WorkerProcess& worker, const RunRequest& request, RunControl& control, RunProgress& progress,
                     RunObserver* observer, std::shared_ptr<spdlog::logger> log, TokenCache& tokens,
                     std::chrono::milliseconds stop_grace);
  /// Stops and joins the token fetches still under way.
  ~WorkerConversation();
  WorkerConversation(const WorkerConversation&) = delete;
  WorkerConversation& operator=(const WorkerConversation&) = delete;

  /// The run's result, or nothing when the worker died, was killed or broke the protocol first.
  std::optional<SessionResult> follow();

  /// True when the supervisor had to SIGKILL the worker (it ignored its cancellation, hung after
  /// its commit was granted, or broke the protocol).
  bool killed() const { return killed_; }
  /// Why the worker was killed for breaking the protocol ("" otherwise).
  const std::string& protocol_error() const { return protocol_error_; }
  /// True once the worker was told it may commit: its row may be succeeded even if it then died.
  bool commit_granted() const { return commit_granted_.has_value(); }
  /// The worker's resident memory at the end of the run, as it reported it.
  std::uint64_t resident_bytes() const { return resident_bytes_; }

 private:
  void steer();
  void kill(const std::string& why);
  std::optional<SessionResult> handle(const Poco::JSON::Object& message);
  void answer(const Poco::JSON::Object& question, Poco::JSON::Object reply);
  void answer_token(Poco::JSON::Object question);
  void relay_log(const Poco::JSON::Object& message);
  void replay_attempts(const Poco::JSON::Object& result);

  WorkerProcess& worker_;
  const RunRequest& request_;
  RunControl& control_;
  RunProgress& progress_;
  RunObserver* observer_;
  std::shared_ptr<spdlog::logger> log_;
  TokenCache& tokens_;
  std::chrono::milliseconds stop_grace_;
  std::optional<std::chrono::steady_clock::time_point> cancel_sent_;
  std::optional<std::chrono::steady_clock::time_point> commit_granted_;
  bool killed_ = false;
  std::string protocol_error_;
  std::uint64_t resident_bytes_ = 0;
  std::atomic<bool> finished_{false};        // token fetches stop retrying once set
  std::vector<std::jthread> token_fetches_;  // off this thread, so frames keep being read meanwhile
};

}  // namespace govsync::host
