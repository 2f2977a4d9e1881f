#pragma once
// Fails runs left `running` by owners that are gone (the system govsync
// replaces kept them forever and they blocked its scheduler).

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "db/database.hpp"

namespace govsync::host {

/// An owner string (hostname:pid:start) taken apart.
struct OwnerIdentity {
  std::string host;
  long pid = 0;
  std::chrono::seconds started{0};  // since the epoch; 0 when unknown
};
OwnerIdentity parse_owner(const std::string& owner);

/// True when owner names a process on this machine that is still running:
/// its PID is alive, is not this process's (`self` is this process's owner),
/// and started when the owner says it did (within 2 s), so a PID given to
/// another process is not taken for the owner.
bool owner_alive_here(const std::string& owner, const std::string& self);

/// Fails every running run owned by an earlier instance on this host whose
/// process is gone ("ghost: owner X is gone"), and every run it had queued
/// ("not started: ..."). Returns the ids failed.
std::vector<std::int64_t> reap_dead_predecessors(Database& db, const std::string& self);

/// Fails every running run, of any owner but `self`, whose heartbeat is older
/// than ghost_after, unless its owner is a live process on this host.
/// Each is failed by compare-and-set on (id, status, owner). Returns the ids failed.
/// In cluster mode (`cluster`), runs of registered cluster hosts are left to
/// reap_dead_hosts, which re-runs their slots.
std::vector<std::int64_t> reap_stale_runs(Database& db, const std::string& self, std::chrono::seconds ghost_after,
                                          bool cluster = false);

}  // namespace govsync::host
