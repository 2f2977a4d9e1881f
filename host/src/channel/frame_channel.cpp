#include "channel/frame_channel.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <Poco/JSON/Parser.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <sstream>

#include "channel/protocol.hpp"

namespace govsync::host::channel {

std::string Received::type() const {
  return kind == Kind::message && object ? object->optValue<std::string>("type", "") : std::string();
}

std::string encode_frame(const Poco::JSON::Object& message) {
  std::ostringstream text;
  message.stringify(text);
  const auto body = text.str();
  if (body.size() > kMaxFrameBytes) {
    throw std::length_error("a channel message of " + std::to_string(body.size()) + " bytes is over the " +
                            std::to_string(kMaxFrameBytes) + "-byte frame limit");
  }
  const auto size = static_cast<std::uint32_t>(body.size());
  std::string frame;
  frame.reserve(4 + body.size());
  for (int shift = 24; shift >= 0; shift -= 8) frame.push_back(static_cast<char>((size >> shift) & 0xFFU));
  frame += body;
  return frame;
}

FrameChannel::FrameChannel(int fd, std::chrono::milliseconds send_timeout) : fd_(fd) {
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(send_timeout.count() / 1000);
  tv.tv_usec = static_cast<suseconds_t>((send_timeout.count() % 1000) * 1000);
  ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
}

FrameChannel::~FrameChannel() {
  if (fd_ >= 0) ::close(fd_);
}

void FrameChannel::shut_down() { ::shutdown(fd_, SHUT_RDWR); }

Status FrameChannel::send(const Poco::JSON::Object& message) {
  std::string frame;
  try {
    frame = encode_frame(message);
  } catch (const std::length_error& e) {
    return Error{e.what()};
  }
  std::lock_guard lock(send_mutex_);
  // A frame cut by a failed send would garble every later one: the channel stays unusable.
  if (!send_error_.empty()) return Error{send_error_};
  std::size_t sent = 0;
  while (sent < frame.size()) {
    const auto n = ::send(fd_, frame.data() + sent, frame.size() - sent, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      send_error_ = errno == EAGAIN || errno == EWOULDBLOCK
                        ? std::string("the other side of the channel stopped reading")
                        : std::string("the channel is closed: ") + std::strerror(errno);
      return Error{send_error_};
    }
    sent += static_cast<std::size_t>(n);
  }
  return {};
}

Received FrameChannel::take_frame() {
  Received got;
  if (buffer_.size() < 4) return got;
  std::uint32_t size = 0;
  for (int i = 0; i < 4; ++i) size = (size << 8) | static_cast<unsigned char>(buffer_[static_cast<std::size_t>(i)]);
  if (size > kMaxFrameBytes) {
    got.kind = Received::Kind::broken;
    got.error =
        "a frame of " + std::to_string(size) + " bytes is over the " + std::to_string(kMaxFrameBytes) + "-byte limit";
    return got;
  }
  if (buffer_.size() < 4 + static_cast<std::size_t>(size)) return got;
  const auto body = buffer_.substr(4, size);
  buffer_.erase(0, 4 + static_cast<std::size_t>(size));
  try {
    auto object = Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
    if (!object || !object->has("type") || !object->get("type").isString()) throw std::invalid_argument("no type");
    got.kind = Received::Kind::message;
    got.object = object;
  } catch (const Poco::Exception& e) {
    got.kind = Received::Kind::broken;
    got.error = "a frame that is not JSON: " + e.displayText();
  } catch (const std::exception&) {
    got.kind = Received::Kind::broken;
    got.error = "a frame that is not a JSON object with a type (" + std::to_string(size) + " bytes)";
  }
  return got;
}

Received FrameChannel::receive(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    if (auto got = take_frame(); got.kind != Received::Kind::timeout) return got;
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    pollfd p{fd_, POLLIN, 0};
    const int ready = ::poll(&p, 1, static_cast<int>(std::max<std::int64_t>(0, left.count())));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) return Received{};
    std::array<char, 65536> chunk{};
    const auto n = ::recv(fd_, chunk.data(), chunk.size(), 0);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (n < 0) return Received{Received::Kind::broken, nullptr, std::string("cannot read: ") + std::strerror(errno)};
    if (n == 0) {
      Received closed;
      closed.kind = Received::Kind::closed;
      if (!buffer_.empty()) closed.error = "the channel closed in the middle of a frame";
      return closed;
    }
    buffer_.append(chunk.data(), static_cast<std::size_t>(n));
  }
}

}  // namespace govsync::host::channel
