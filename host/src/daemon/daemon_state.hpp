#pragma once
// The daemon_state table: one row per host saying when its daemon started,
// when its configuration was last loaded, and the last reload it refused
// since then. Written by `govsync serve`, read by `govsync status`.

#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "runs/run_body.hpp"

namespace govsync::host {

struct DaemonState {
  std::string hostname;
  std::int64_t pid = 0;
  std::string config_file;
  std::string started_at;                        // UTC, ISO 8601
  std::string loaded_at;                         // the configuration in force: at start or its last accepted reload
  std::optional<std::string> reload_refused_at;  // a refused reload after loaded_at
  std::optional<std::string> reload_error;
};

/// The current time as daemon_state writes it (UTC, ISO 8601, seconds).
std::string daemon_state_now();

/// Replaces this host's row at start (loaded_at = started_at, nothing refused) and clears its quarantines.
void record_daemon_start(Database& db, const DaemonState& state);
/// An accepted reload: loaded_at now, any refusal cleared.
void record_reload_accepted(Database& db, const std::string& hostname, const std::string& when);
/// A refused reload: its time and message; the configuration in force stays.
void record_reload_refused(Database& db, const std::string& hostname, const std::string& when,
                           const std::string& error);
/// Every host's row, by hostname.
std::vector<DaemonState> read_daemon_states(Database& db);

/// Replaces this host's rows in daemon_quarantines with `held`.
void record_quarantines(Database& db, const std::string& hostname, const std::vector<HeldBack>& held);

struct HostQuarantine {
  std::string hostname;
  HeldBack held;  // a plugin (domain and tenant empty) or a (domain, tenant) pair (plugin empty)
};
/// Every host's quarantines, by hostname, plugin, domain and tenant.
std::vector<HostQuarantine> read_quarantines(Database& db);

}  // namespace govsync::host
