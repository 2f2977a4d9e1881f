#include "azure/fetch_threads.hpp"

namespace govsync::host {

FetchThreads::FetchThreads(std::size_t max_threads, ThreadStarter start_thread)
    : max_threads_(max_threads == 0 ? 1 : max_threads), start_thread_(std::move(start_thread)) {
  if (!start_thread_) start_thread_ = [](std::function<void()> body) { return std::jthread(std::move(body)); };
}

FetchThreads::~FetchThreads() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  threads_.clear();  // joins, after the queue is empty
}

FetchThreads& FetchThreads::shared() {
  // Enough for every run of a concurrency-64 host to fetch four listings at
  // once. Never destroyed: at exit its idle threads end with the process
  // instead of outliving the objects their work used.
  static auto* threads = new FetchThreads(256);
  return *threads;
}

std::size_t FetchThreads::threads() const {
  std::lock_guard lock(mutex_);
  return threads_.size();
}

void FetchThreads::post(Job job) {
  {
    std::lock_guard lock(mutex_);
    jobs_.push_back(std::move(job));
    const std::size_t free = threads_.size() - busy_;
    if (free < jobs_.size() && threads_.size() < max_threads_) {
      try {
        threads_.push_back(start_thread_([this] { serve(); }));
      } catch (...) {
        // The caller gets the error and no future: the job must not stay
        // queued, or it would run later on whatever it captured.
        jobs_.pop_back();
        throw;
      }
    }
  }
  wake_.notify_one();
}

void FetchThreads::serve() {
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
    if (jobs_.empty()) return;  // stopping, nothing left to do
    auto job = std::move(jobs_.front());
    jobs_.pop_front();
    ++busy_;
    lock.unlock();
    const auto publish = job();  // never throws: a failure is published to the future
    lock.lock();
    --busy_;
    lock.unlock();
    publish();
    lock.lock();
  }
}

}  // namespace govsync::host
