#pragma once
// A worker's log lines go to the supervisor, which writes them with its own
// sinks and format (text or JSON, stderr and the log file).

#include <mutex>

#include <spdlog/sinks/base_sink.h>

#include "channel/frame_channel.hpp"

namespace govsync::host::worker {

class ChannelLogSink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  explicit ChannelLogSink(channel::FrameChannel& channel) : channel_(channel) {}

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override;
  void flush_() override {}

 private:
  channel::FrameChannel& channel_;
};

}  // namespace govsync::host::worker
