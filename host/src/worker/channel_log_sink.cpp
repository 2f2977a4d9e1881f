#include "worker/channel_log_sink.hpp"

#include "channel/messages.hpp"
#include "channel/protocol.hpp"

namespace govsync::host::worker {

void ChannelLogSink::sink_it_(const spdlog::details::log_msg& msg) {
  auto message = channel::message_of(channel::message::log);
  message.set("level", static_cast<int>(msg.level));
  message.set("logger", std::string(msg.logger_name.data(), msg.logger_name.size()));
  message.set("text", std::string(msg.payload.data(), msg.payload.size()));
  // A lost line is not worth failing the run for; a lost channel ends the worker anyway.
  static_cast<void>(channel_.send(message));
}

}  // namespace govsync::host::worker
