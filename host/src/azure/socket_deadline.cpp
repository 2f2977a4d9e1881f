#include "azure/socket_deadline.hpp"

#include <sys/socket.h>

#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>

namespace govsync::host {

struct SocketDeadline::Watch {
  int descriptor = -1;
  std::atomic<bool> expired{false};
};

namespace {

// One thread for every deadline of the process, started with the first one.
class Watchdog {
 public:
  static Watchdog& shared() {
    static Watchdog watchdog;
    return watchdog;
  }

  void add(SocketDeadline::Clock::time_point deadline, const std::shared_ptr<SocketDeadline::Watch>& watch) {
    std::lock_guard lock(mutex_);
    watches_.emplace(deadline, watch);
    if (!thread_.joinable()) thread_ = std::thread([this] { run(); });
    wakeup_.notify_one();
  }

  // After remove() returns, the watchdog no longer touches the socket.
  void remove(const std::shared_ptr<SocketDeadline::Watch>& watch) {
    std::lock_guard lock(mutex_);
    for (auto it = watches_.begin(); it != watches_.end(); ++it) {
      if (it->second == watch) {
        watches_.erase(it);
        return;
      }
    }
  }

  ~Watchdog() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wakeup_.notify_one();
    if (thread_.joinable()) thread_.join();
  }

 private:
  void run() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
      if (watches_.empty()) {
        wakeup_.wait(lock);
        continue;
      }
      const auto first = watches_.begin();
      if (SocketDeadline::Clock::now() < first->first) {
        wakeup_.wait_until(lock, first->first);
        continue;
      }
      const auto watch = first->second;
      watches_.erase(first);
      watch->expired = true;
      ::shutdown(watch->descriptor, SHUT_RDWR);
    }
  }

  std::mutex mutex_;
  std::condition_variable wakeup_;
  std::multimap<SocketDeadline::Clock::time_point, std::shared_ptr<SocketDeadline::Watch>> watches_;
  std::thread thread_;
  bool stopping_ = false;
};

}  // namespace

SocketDeadline::SocketDeadline(const Poco::Net::StreamSocket& socket, Clock::time_point deadline)
    : watch_(std::make_shared<Watch>()) {
  watch_->descriptor = socket.impl()->sockfd();
  Watchdog::shared().add(deadline, watch_);
}

SocketDeadline::~SocketDeadline() { Watchdog::shared().remove(watch_); }

bool SocketDeadline::expired() const { return watch_->expired; }

}  // namespace govsync::host
