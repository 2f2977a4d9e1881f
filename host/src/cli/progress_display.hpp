#pragma once
// `govsync run`'s progress. On a terminal: a live block at the bottom, one
// line per run in progress (stage, pages, rows, time), redrawn a few times a
// second, with log lines scrolling above it. Otherwise: a plain line when a
// run starts and when it ends.

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include <spdlog/sinks/sink.h>

#include "runs/run_observer.hpp"

namespace govsync::host {

class ProgressDisplay final : public RunObserver {
 public:
  /// `live`: redraw a block on `out` (a terminal). `total`: how many runs will end.
  ProgressDisplay(std::FILE* out, bool live, std::size_t total);
  ~ProgressDisplay() override;
  ProgressDisplay(const ProgressDisplay&) = delete;
  ProgressDisplay& operator=(const ProgressDisplay&) = delete;

  void run_started(const RunProgress& run) override;
  void run_progressed(const RunProgress& run) override;
  void run_finished(const RunOutcome& outcome) override;
  void azure_attempt(int status, bool will_retry) override;

  /// Removes the live block for good (before the summary table).
  void close();

  /// A sink that writes through `inner` without tearing the live block.
  std::shared_ptr<spdlog::sinks::sink> wrap(std::shared_ptr<spdlog::sinks::sink> inner);

  /// Erases / redraws the live block; the caller holds mutex().
  void erase_block();
  void draw_block();
  std::mutex& mutex() { return mutex_; }

 private:
  struct Active {
    RunProgress progress;
    std::chrono::steady_clock::time_point started;
  };
  void refresh_loop();

  std::FILE* out_;
  bool live_;
  std::size_t total_;
  std::size_t finished_ = 0;
  std::size_t drawn_lines_ = 0;
  bool closed_ = false;
  std::map<std::int64_t, Active> active_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::thread refresher_;
};

}  // namespace govsync::host
