#pragma once
// Holds back a plugin, or a (domain, tenant), whose runs keep killing their
// worker: after `crashes` deaths in a row it is quarantined for a pause that
// doubles with each quarantine up to max_pause; a successful run or a reload
// clears it. Pure: time is passed in. Thread-safe.

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace govsync::host {

class CrashQuarantine {
 public:
  using Clock = std::chrono::system_clock;

  explicit CrashQuarantine(int crashes = 3, std::chrono::seconds first_pause = std::chrono::minutes(1),
                           std::chrono::seconds max_pause = std::chrono::hours(1));

  /// Records a worker death of `key`; returns the pause when this death starts a quarantine.
  std::optional<std::chrono::seconds> crashed(const std::string& key, const std::string& why, Clock::time_point now);
  /// A run of `key` ended without killing its worker.
  void succeeded(const std::string& key);
  /// Why `key` may not run now ("" when it may).
  std::string held(const std::string& key, Clock::time_point now) const;
  /// Every key held now, with held()'s words.
  std::vector<std::pair<std::string, std::string>> held_keys(Clock::time_point now) const;
  /// Forgets everything (a reload).
  void clear();

 private:
  struct Record {
    int in_a_row = 0;
    int quarantines = 0;
    std::optional<Clock::time_point> until;
    std::string last_death;
  };
  int crashes_;
  std::chrono::seconds first_pause_;
  std::chrono::seconds max_pause_;
  mutable std::mutex mutex_;
  std::map<std::string, Record> records_;
};

/// The quarantine keys of a plugin and of a (domain, tenant).
std::string plugin_key(const std::string& plugin);
std::string pair_key(const std::string& domain, const std::string& tenant);

}  // namespace govsync::host
