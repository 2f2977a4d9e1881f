#include "daemon/database_probe.hpp"

#include <Poco/Exception.h>

namespace govsync::host {
namespace {

ProbeAnswer no_answer_within(std::chrono::milliseconds bound) {
  return {{"database: no answer within " + std::to_string(bound.count()) + " ms (the server is unreachable or hangs)"},
          false};
}

}  // namespace

struct DatabaseProbe::State {
  State(const DatabaseUrl& url, Check c) : db(url, 1, std::chrono::seconds(1)), check(std::move(c)) {}
  Database db;  // its own connection: never one of the runs'
  Check check;
  std::mutex mutex;
  std::condition_variable changed;
  std::uint64_t asked = 0;     // checks asked for
  std::uint64_t answered = 0;  // checks done
  bool checking = false;
  std::chrono::steady_clock::time_point checking_since;
  bool stopping = false;
  ProbeAnswer last;
};

DatabaseProbe::DatabaseProbe(const DatabaseUrl& url, Check check, std::chrono::milliseconds statement_timeout)
    : state_(std::make_shared<State>(url, std::move(check))) {
  state_->db.set_statement_timeout(statement_timeout);
  thread_ = std::thread([state = state_] { loop(state); });
}

DatabaseProbe::~DatabaseProbe() {
  bool stuck = false;
  {
    std::lock_guard lock(state_->mutex);
    state_->stopping = true;
    stuck = state_->checking;
  }
  state_->changed.notify_all();
  if (stuck) {
    thread_.detach();  // it holds the state alive until its check returns
  } else {
    thread_.join();
  }
}

void DatabaseProbe::loop(const std::shared_ptr<State>& state) {
  std::unique_lock lock(state->mutex);
  for (;;) {
    state->changed.wait(lock, [&] { return state->stopping || state->asked > state->answered; });
    if (state->stopping) return;
    const auto target = state->asked;
    state->checking = true;
    state->checking_since = std::chrono::steady_clock::now();
    lock.unlock();
    ProbeAnswer answer;
    try {
      answer = state->check(state->db);
    } catch (const Poco::Exception& e) {
      answer = {{"database: unreachable: " + redact_connection_secrets(e.displayText())}, false};
    } catch (const std::exception& e) {
      answer = {{"database: unreachable: " + redact_connection_secrets(e.what())}, false};
    }
    lock.lock();
    state->checking = false;
    state->last = std::move(answer);
    state->answered = target;
    state->changed.notify_all();
  }
}

ProbeAnswer DatabaseProbe::ask(std::chrono::milliseconds bound) {
  std::unique_lock lock(state_->mutex);
  // A check already under way answers this caller too; otherwise ask for one.
  const auto wanted = state_->checking ? state_->asked : ++state_->asked;
  state_->changed.notify_all();
  if (!state_->changed.wait_for(lock, bound, [&] { return state_->answered >= wanted; })) {
    return no_answer_within(bound);
  }
  return state_->last;
}

ProbeAnswer DatabaseProbe::latest(std::chrono::milliseconds bound) {
  std::lock_guard lock(state_->mutex);
  if (state_->checking) {
    if (std::chrono::steady_clock::now() - state_->checking_since > bound) return no_answer_within(bound);
  } else {
    ++state_->asked;
    state_->changed.notify_all();
  }
  if (state_->answered == 0) return {{"database: not checked yet"}, false};
  return state_->last;
}

}  // namespace govsync::host
