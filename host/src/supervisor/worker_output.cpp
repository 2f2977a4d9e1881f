#include "supervisor/worker_output.hpp"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <spdlog/spdlog.h>

#include <cerrno>
#include <chrono>
#include <system_error>

namespace govsync::host {
namespace {

// A longer line is logged in pieces of this many bytes.
constexpr std::size_t kLongestLine = 4096;
// How long a stopping reader drains what is still coming.
constexpr auto kDrainTime = std::chrono::seconds(1);

// Moves `fd` above the worker's fixed descriptors (0-3), so placing those can never close it.
int moved_high(int fd) {
  const int high = ::fcntl(fd, F_DUPFD_CLOEXEC, 10);
  const int error = errno;
  ::close(fd);
  if (high < 0) throw std::system_error(error, std::generic_category(), "moving a worker output pipe");
  return high;
}

}  // namespace

WorkerOutput::WorkerOutput(std::string plugin) : plugin_(std::move(plugin)) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) throw std::system_error(errno, std::generic_category(), "a worker output pipe");
  read_fd_ = fds[0];
  try {
    write_fd_ = moved_high(fds[1]);
    thread_ = std::thread([this] { read_lines(); });
  } catch (...) {
    ::close(read_fd_);
    if (write_fd_ >= 0) ::close(write_fd_);
    throw;
  }
}

WorkerOutput::~WorkerOutput() {
  if (write_fd_ >= 0) ::close(write_fd_);
  stopping_ = true;
  thread_.join();
  ::close(read_fd_);
}

void WorkerOutput::started(pid_t pid) {
  pid_ = pid;
  ::close(write_fd_);
  write_fd_ = -1;
}

void WorkerOutput::log_line(std::string_view line) const {
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.remove_suffix(1);
  if (line.empty()) return;
  spdlog::warn("plugin file {} (worker {}) wrote: {}", plugin_, pid_.load(), line);
}

void WorkerOutput::read_lines() {
  std::string pending;
  char buffer[4096];
  std::chrono::steady_clock::time_point drain_until{};
  for (;;) {
    if (stopping_ && drain_until == std::chrono::steady_clock::time_point{})
      drain_until = std::chrono::steady_clock::now() + kDrainTime;
    if (stopping_ && std::chrono::steady_clock::now() >= drain_until) break;
    pollfd readable{read_fd_, POLLIN, 0};
    const int ready = ::poll(&readable, 1, 200);
    if (ready < 0 && errno == EINTR) continue;
    if (ready == 0) {
      if (stopping_) break;  // nothing more is coming now
      continue;
    }
    const auto got = ::read(read_fd_, buffer, sizeof buffer);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;  // every writer is gone
    pending.append(buffer, static_cast<std::size_t>(got));
    std::size_t start = 0;
    for (auto end = pending.find('\n'); end != std::string::npos; end = pending.find('\n', start)) {
      log_line(std::string_view(pending).substr(start, end - start));
      start = end + 1;
    }
    pending.erase(0, start);
    while (pending.size() >= kLongestLine) {
      log_line(std::string_view(pending).substr(0, kLongestLine));
      pending.erase(0, kLongestLine);
    }
  }
  log_line(pending);
}

}  // namespace govsync::host
