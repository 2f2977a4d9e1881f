#pragma once
// Cluster mode's host registry: every daemon checks in every heartbeat; a
// host whose last check-in is older than ghost_after is declared dead by its
// peers, its running runs are failed by compare-and-set and its row removed.
// A host that comes back (it was stopped, or lost the network) checks in
// again and rejoins; the runs it had are already failed and cannot commit.

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "db/database.hpp"

namespace govsync::host {

/// Records that `instance` (this process) is alive now.
void check_in(Database& db, const std::string& instance);

/// Removes this host from the registry (a clean shutdown).
void check_out(Database& db, const std::string& instance);

/// A (domain, tenant) whose run died with its host.
struct RecoveredSlot {
  std::int64_t run_id = 0;  // the run failed, 0 when it had not started
  std::string domain;
  std::string tenant;
  std::int64_t window_start = 0;  // the window of the dead host's claim: its re-run claims the same window
};

/// Declares dead every other host that has not checked in for ghost_after:
/// fails its running and queued runs by compare-and-set on (id, status, owner) and
/// deletes its registry row. Returns the slots it had claimed and not
/// finished, so that a peer runs them again.
std::vector<RecoveredSlot> reap_dead_hosts(Database& db, const std::string& self, std::chrono::seconds ghost_after);

}  // namespace govsync::host
