#pragma once
// A worker's reading side of its channel: one thread reads every frame and
// routes it: cancellations to the run, answers to the request waiting for
// them, anything else to the worker's main loop.

#include <atomic>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

#include "channel/frame_channel.hpp"
#include "runs/run_control.hpp"

namespace govsync::host::worker {

class WorkerInbox {
 public:
  explicit WorkerInbox(channel::FrameChannel& channel);
  ~WorkerInbox();
  WorkerInbox(const WorkerInbox&) = delete;
  WorkerInbox& operator=(const WorkerInbox&) = delete;

  /// The next message for the main loop; nothing after `timeout` or once the channel is closed.
  Poco::JSON::Object::Ptr next(std::chrono::milliseconds timeout);
  /// True once the supervisor closed the channel (or it broke).
  bool closed() const { return closed_.load(); }
  /// Sends `request` with a fresh request_id and waits for the answer carrying it.
  /// Throws std::runtime_error when none comes within `timeout` or the channel closes.
  Poco::JSON::Object::Ptr ask(Poco::JSON::Object request, std::chrono::milliseconds timeout);
  /// The run that `cancel` messages for `run_id` stop (null between runs); a
  /// cancel for it that came before is applied at once.
  void set_run(RunControl* control, std::int64_t run_id);

 private:
  void read_all();

  channel::FrameChannel& channel_;
  std::atomic<bool> closed_{false};
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<Poco::JSON::Object::Ptr> inbox_;
  std::map<std::int64_t, Poco::JSON::Object::Ptr> answers_;
  std::int64_t next_request_ = 1;
  RunControl* run_ = nullptr;
  std::int64_t run_id_ = 0;
  std::map<std::int64_t, std::string> early_cancels_;  // run id -> reason, for a run not started yet
  std::string closed_reason_;
  std::thread reader_;
};

}  // namespace govsync::host::worker
