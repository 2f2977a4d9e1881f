#include "worker/worker_inbox.hpp"

#include <stdexcept>

#include "channel/protocol.hpp"

namespace govsync::host::worker {

WorkerInbox::WorkerInbox(channel::FrameChannel& channel) : channel_(channel), reader_([this] { read_all(); }) {}

WorkerInbox::~WorkerInbox() {
  channel_.shut_down();
  reader_.join();
}

void WorkerInbox::read_all() {
  for (;;) {
    auto got = channel_.receive(std::chrono::seconds(1));
    if (got.kind == channel::Received::Kind::timeout) continue;
    std::lock_guard lock(mutex_);
    if (got.kind != channel::Received::Kind::message || !got.object->has("type") ||
        !got.object->get("type").isString()) {
      closed_reason_ = got.error.empty() ? "the supervisor closed the channel" : got.error;
      closed_.store(true);
      // The supervisor is gone or broke the protocol: nobody wants this run's result.
      if (run_ != nullptr) run_->cancel("the supervisor closed the worker's channel");
      changed_.notify_all();
      return;
    }
    const auto type = got.type();
    if (type == channel::message::cancel) {
      const auto reason = got.object->optValue<std::string>("reason", "cancelled by the supervisor");
      const auto id = got.object->optValue<std::int64_t>("run_id", 0);
      if (run_ != nullptr && (id == 0 || id == run_id_)) {
        run_->cancel(reason);
      } else if (id != 0 && early_cancels_.size() < 16) {
        early_cancels_[id] = reason;  // the start_run is still on its way to the main loop
      }
    } else if (got.object->has("request_id")) {
      answers_[got.object->getValue<std::int64_t>("request_id")] = got.object;
    } else {
      inbox_.push_back(got.object);
    }
    changed_.notify_all();
  }
}

Poco::JSON::Object::Ptr WorkerInbox::next(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  changed_.wait_for(lock, timeout, [this] { return !inbox_.empty() || closed_.load(); });
  if (inbox_.empty()) return nullptr;
  auto message = inbox_.front();
  inbox_.pop_front();
  return message;
}

Poco::JSON::Object::Ptr WorkerInbox::ask(Poco::JSON::Object request, std::chrono::milliseconds timeout) {
  std::int64_t id = 0;
  {
    std::lock_guard lock(mutex_);
    id = next_request_++;
  }
  request.set("request_id", id);
  if (const auto sent = channel_.send(request); !sent) {
    throw std::runtime_error("cannot ask the supervisor: " + sent.error().message);
  }
  std::unique_lock lock(mutex_);
  if (!changed_.wait_for(lock, timeout, [&] { return answers_.contains(id) || closed_.load(); })) {
    throw std::runtime_error("the supervisor did not answer within " + std::to_string(timeout.count()) + " ms");
  }
  const auto it = answers_.find(id);
  if (it == answers_.end()) throw std::runtime_error("no answer from the supervisor: " + closed_reason_);
  auto answer = it->second;
  answers_.erase(it);
  return answer;
}

void WorkerInbox::set_run(RunControl* control, std::int64_t run_id) {
  std::lock_guard lock(mutex_);
  run_ = control;
  run_id_ = run_id;
  if (control == nullptr) return;
  if (const auto early = early_cancels_.find(run_id); early != early_cancels_.end()) control->cancel(early->second);
  early_cancels_.clear();
}

}  // namespace govsync::host::worker
