#pragma once
// What watches runs from outside: the metrics of `serve` and the live progress
// of `govsync run`. Called from run threads, so implementations are thread-safe.

#include <cstdint>
#include <string>
#include <string_view>

namespace govsync::host {

struct RunOutcome;

/// One run as it goes, as far as observers need it.
struct RunProgress {
  std::int64_t run_id = 0;
  std::string domain;
  std::string tenant;
  std::string stage;           // the plugin's last progress stage ("" before the first)
  std::uint64_t done = 0;      // items done in that stage
  std::uint64_t total = 0;     // 0 when unknown
  std::uint64_t requests = 0;  // Azure and Graph responses so far (pages)
  std::uint64_t rows = 0;      // rows written so far
};

class RunObserver {
 public:
  virtual ~RunObserver() = default;
  /// The run has its ledger row and is about to call the plugin.
  virtual void run_started(const RunProgress& run) = 0;
  /// The plugin reported progress.
  virtual void run_progressed(const RunProgress& run) = 0;
  /// The run ended and its ledger row is closed.
  virtual void run_finished(const RunOutcome& outcome) = 0;
  /// One HTTP attempt to Azure ended: its status (0 when no response came)
  /// and whether it will be retried.
  virtual void azure_attempt(int status, bool will_retry) = 0;
};

}  // namespace govsync::host
