#pragma once
// The one long-lived thread that forks every worker. A worker's
// PR_SET_PDEATHSIG fires when the thread that forked it ends, not the
// process: forking from a run's thread would kill a reused worker when that
// run's thread is done.

#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <thread>

namespace govsync::host {

class SpawnThread {
 public:
  SpawnThread();
  ~SpawnThread();
  SpawnThread(const SpawnThread&) = delete;
  SpawnThread& operator=(const SpawnThread&) = delete;

  /// Runs `work` on the spawn thread and returns what it returns.
  template <typename T>
  T call(std::function<T()> work) {
    std::packaged_task<T()> task(std::move(work));
    auto result = task.get_future();
    post([&task] { task(); });
    return result.get();
  }

 private:
  void post(std::function<void()> job);
  void loop();

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> jobs_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace govsync::host
