#pragma once
// The threads that fetch listing pages ahead of the plugins. Threads are kept
// once started and reused, because starting a thread for every page costs
// more than the page's own work in the host.

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

namespace govsync::host {

class FetchThreads {
 public:
  /// Starts a thread that runs `body` (std::jthread by default); throws std::system_error when it cannot.
  using ThreadStarter = std::function<std::jthread(std::function<void()> body)>;

  /// At most `max_threads` threads; further work waits for one to be free.
  explicit FetchThreads(std::size_t max_threads, ThreadStarter start_thread = {});
  /// Waits for the work already given to finish.
  ~FetchThreads();
  FetchThreads(const FetchThreads&) = delete;
  FetchThreads& operator=(const FetchThreads&) = delete;

  /// The process's threads, used by AzurePagesImpl; never destroyed.
  static FetchThreads& shared();

  /// Runs `work` on a free thread (starting one if none is free and the limit
  /// allows); its result or exception comes through the future. When no
  /// thread is free and none can be started, throws std::system_error and
  /// keeps nothing of `work`: it never runs later, on objects gone by then.
  template <typename Work>
  auto run(Work work) -> std::future<decltype(work())> {
    using Result = decltype(work());
    auto promise = std::make_shared<std::promise<Result>>();
    auto result = promise->get_future();
    post([promise, work = std::move(work)]() mutable -> Publish {
      try {
        return [promise, value = work()]() mutable { promise->set_value(std::move(value)); };
      } catch (...) {
        return [promise, error = std::current_exception()] { promise->set_exception(error); };
      }
    });
    return result;
  }

  /// Threads started so far (for tests).
  std::size_t threads() const;

 private:
  // A job does its work and returns how to hand its result over; the thread
  // counts itself free before it does, so work that follows finds it free.
  using Publish = std::function<void()>;
  using Job = std::function<Publish()>;
  void post(Job job);
  void serve();

  std::size_t max_threads_;
  ThreadStarter start_thread_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Job> jobs_;
  std::vector<std::jthread> threads_;
  std::size_t busy_ = 0;
  bool stopping_ = false;
};

}  // namespace govsync::host
