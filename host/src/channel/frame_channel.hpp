#pragma once
// Length-prefixed JSON frames over one end of a socketpair.

#include <chrono>
#include <mutex>
#include <string>

#include <Poco/JSON/Object.h>

#include "common/result.hpp"

namespace govsync::host::channel {

/// What one receive() found.
struct Received {
  enum class Kind { message, timeout, closed, broken };
  Kind kind = Kind::timeout;
  /// The frame's object (kind message).
  Poco::JSON::Object::Ptr object;
  /// Why the channel is unusable (kind broken).
  std::string error;
  /// The frame's "type" ("" unless kind is message).
  std::string type() const;
};

/// One end of a worker channel. Sends are serialised (several threads of a
/// worker send); receive() is for one thread only. Owns the descriptor.
class FrameChannel {
 public:
  /// send_timeout bounds each send: a peer that stops reading makes send fail.
  FrameChannel(int fd, std::chrono::milliseconds send_timeout);
  ~FrameChannel();
  FrameChannel(const FrameChannel&) = delete;
  FrameChannel& operator=(const FrameChannel&) = delete;

  int fd() const { return fd_; }
  /// Sends one message; an Error when the peer is gone or does not read.
  Status send(const Poco::JSON::Object& message);
  /// The next message, waiting at most `timeout` for it.
  Received receive(std::chrono::milliseconds timeout);
  /// Shuts both directions down: the peer reads end of file.
  void shut_down();

 private:
  /// A whole frame from buffer_ if one is there; Kind::timeout if not yet.
  Received take_frame();

  int fd_;
  std::mutex send_mutex_;
  std::string send_error_;  // set by the first failed send; guarded by send_mutex_
  std::string buffer_;
};

/// Encodes one frame: the 4-byte big-endian length, then the JSON text.
std::string encode_frame(const Poco::JSON::Object& message);

}  // namespace govsync::host::channel
