#include "daemon/reload_record.hpp"

#include <Poco/Exception.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include "db/database.hpp"

namespace govsync::host {

ReloadRecord::ReloadRecord(Database& db, RunMetrics& metrics, std::string hostname, std::string config_file)
    : db_(db), metrics_(metrics) {
  state_.hostname = std::move(hostname);
  state_.pid = ::getpid();
  state_.config_file = std::move(config_file);
  state_.started_at = state_.loaded_at = daemon_state_now();
}

void ReloadRecord::write(const char* what, const std::function<void()>& statement) {
  try {
    statement();
  } catch (const Poco::Exception& e) {
    spdlog::warn("cannot record {} in daemon_state (govsync status will not show it): {}", what,
                 redact_connection_secrets(e.displayText()));
  }
}

void ReloadRecord::started() {
  DaemonState state;
  {
    std::lock_guard lock(mutex_);
    state = state_;
  }
  write("the daemon's start", [&] { record_daemon_start(db_, state); });
}

void ReloadRecord::accepted() {
  const auto now = daemon_state_now();
  {
    std::lock_guard lock(mutex_);
    state_.loaded_at = now;
    state_.reload_refused_at.reset();
    state_.reload_error.reset();
  }
  metrics_.reload_finished(true);
  write("the accepted reload", [&] { record_reload_accepted(db_, state_.hostname, now); });
}

void ReloadRecord::refused(const std::string& error) {
  const auto now = daemon_state_now();
  {
    std::lock_guard lock(mutex_);
    state_.reload_refused_at = now;
    state_.reload_error = error;
  }
  metrics_.reload_finished(false);
  write("the refused reload", [&] { record_reload_refused(db_, state_.hostname, now, error); });
}

std::optional<std::string> ReloadRecord::readiness_check() const {
  std::lock_guard lock(mutex_);
  if (!state_.reload_refused_at) return std::nullopt;
  return "configuration: the reload at " + *state_.reload_refused_at + " was refused (" + *state_.reload_error +
         "); the configuration loaded at " + state_.loaded_at + " stays in force";
}

}  // namespace govsync::host
