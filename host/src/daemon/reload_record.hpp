#pragma once
// What the daemon's configuration reloads came to, made visible: a refused
// reload is otherwise only a log line while `systemctl reload` looks fine.
// Kept for /readyz, counted in the metrics, and written to the daemon_state
// table for `govsync status`.

#include <functional>
#include <mutex>
#include <optional>
#include <string>

#include "daemon/daemon_state.hpp"
#include "metrics/run_metrics.hpp"

namespace govsync::host {

class ReloadRecord {
 public:
  ReloadRecord(Database& db, RunMetrics& metrics, std::string hostname, std::string config_file);

  /// The daemon serves: its row in daemon_state is replaced (a database error is logged, not fatal).
  void started();
  void accepted();
  void refused(const std::string& error);
  /// A /readyz check line while the last reload was refused.
  std::optional<std::string> readiness_check() const;

 private:
  void write(const char* what, const std::function<void()>& statement);

  Database& db_;
  RunMetrics& metrics_;
  mutable std::mutex mutex_;
  DaemonState state_;
};

}  // namespace govsync::host
