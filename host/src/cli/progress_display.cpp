#include "cli/progress_display.hpp"

#include <spdlog/sinks/base_sink.h>

#include <fmt/format.h>

#include "runs/run_executor.hpp"

namespace govsync::host {
namespace {

constexpr auto kRefresh = std::chrono::milliseconds(250);

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::string describe(const RunProgress& p, double seconds) {
  std::string stage = p.stage.empty() ? "starting" : p.stage + " " + std::to_string(p.done);
  if (p.total > 0) stage += "/" + std::to_string(p.total);
  return fmt::format("  {}/{} (run {}): {}, {} pages, {} rows, {:.1f}s", p.domain, p.tenant, p.run_id, stage,
                     p.requests, p.rows, seconds);
}

// Log lines go through the display, which lifts its block out of their way.
class BlockSafeSink final : public spdlog::sinks::base_sink<spdlog::details::null_mutex> {
 public:
  BlockSafeSink(ProgressDisplay& display, std::shared_ptr<spdlog::sinks::sink> inner)
      : display_(display), inner_(std::move(inner)) {}

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    std::lock_guard lock(display_.mutex());
    display_.erase_block();
    if (inner_->should_log(msg.level)) inner_->log(msg);
    inner_->flush();
    display_.draw_block();
  }
  void flush_() override { inner_->flush(); }
  void set_pattern_(const std::string& pattern) override { inner_->set_pattern(pattern); }
  void set_formatter_(std::unique_ptr<spdlog::formatter> formatter) override {
    inner_->set_formatter(std::move(formatter));
  }

 private:
  ProgressDisplay& display_;
  std::shared_ptr<spdlog::sinks::sink> inner_;
};

}  // namespace

ProgressDisplay::ProgressDisplay(std::FILE* out, bool live, std::size_t total) : out_(out), live_(live), total_(total) {
  if (live_) refresher_ = std::thread([this] { refresh_loop(); });
}

ProgressDisplay::~ProgressDisplay() { close(); }

std::shared_ptr<spdlog::sinks::sink> ProgressDisplay::wrap(std::shared_ptr<spdlog::sinks::sink> inner) {
  if (!live_) return inner;
  auto sink = std::make_shared<BlockSafeSink>(*this, std::move(inner));
  sink->set_level(spdlog::level::trace);  // the inner sink filters
  return sink;
}

void ProgressDisplay::close() {
  {
    std::lock_guard lock(mutex_);
    if (closed_) return;
    erase_block();
    closed_ = true;
  }
  wake_.notify_all();
  if (refresher_.joinable()) refresher_.join();
}

void ProgressDisplay::erase_block() {
  for (; drawn_lines_ > 0; --drawn_lines_) std::fputs("\033[1A\033[2K", out_);
  std::fflush(out_);
}

void ProgressDisplay::draw_block() {
  if (!live_ || closed_) return;
  std::string block = fmt::format("{} of {} runs done, {} in progress\n", finished_, total_, active_.size());
  drawn_lines_ = 1;
  for (const auto& [id, run] : active_) {
    block += describe(run.progress, seconds_since(run.started)) + "\n";
    ++drawn_lines_;
  }
  std::fputs(block.c_str(), out_);
  std::fflush(out_);
}

void ProgressDisplay::refresh_loop() {
  std::unique_lock lock(mutex_);
  while (!closed_) {
    erase_block();
    draw_block();
    wake_.wait_for(lock, kRefresh, [this] { return closed_; });
  }
}

void ProgressDisplay::run_started(const RunProgress& run) {
  std::lock_guard lock(mutex_);
  active_[run.run_id] = {run, std::chrono::steady_clock::now()};
  if (!live_) {
    std::fprintf(out_, "started  %s/%s (run %lld)\n", run.domain.c_str(), run.tenant.c_str(),
                 static_cast<long long>(run.run_id));
    std::fflush(out_);
  }
}

void ProgressDisplay::run_progressed(const RunProgress& run) {
  std::lock_guard lock(mutex_);
  if (const auto it = active_.find(run.run_id); it != active_.end()) it->second.progress = run;
}

void ProgressDisplay::run_finished(const RunOutcome& outcome) {
  std::lock_guard lock(mutex_);
  active_.erase(outcome.run_id);
  ++finished_;
  if (!live_) {
    std::fprintf(out_, "finished %s/%s (run %lld): %s, %llu rows in %.2fs [%zu of %zu]\n", outcome.domain.c_str(),
                 outcome.tenant.c_str(), static_cast<long long>(outcome.run_id),
                 std::string(status_name(outcome.status)).c_str(),
                 static_cast<unsigned long long>(outcome.counts.rows_written),
                 static_cast<double>(outcome.duration.count()) / 1000.0, finished_, total_);
    std::fflush(out_);
  }
}

void ProgressDisplay::azure_attempt(int /*status*/, bool /*will_retry*/) {}

}  // namespace govsync::host
