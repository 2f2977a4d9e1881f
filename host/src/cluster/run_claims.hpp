#pragma once
// Cluster mode's run claiming. Several daemons share one PostgreSQL database;
// each keeps its own schedule, aligned to interval windows (multiples of the
// domain's interval since the Unix epoch), and before it starts a due run it
// INSERTs a claim for (domain, tenant, window, attempt) with ON CONFLICT DO
// NOTHING. The primary key lets exactly one host win; the others skip the
// slot. A unique claim row was chosen over SELECT ... FOR UPDATE SKIP LOCKED
// on a due-runs table because every host already computes the schedule from
// the same configuration: no table of due runs has to be kept in step, a
// claim is one statement in its own short transaction, and the claims are a
// permanent record of which host ran which slot.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "db/database.hpp"

namespace govsync::host {

struct SlotClaim {
  std::string domain;
  std::string tenant;
  std::int64_t window_start = 0;  // Unix seconds
  int attempt = 1;
};

/// Claims the slot for `host`; true when this host won it.
bool claim_slot(Database& db, const SlotClaim& claim, const std::string& host);

/// Claims the next attempt of a window claimed for (domain, tenant): how a
/// peer takes over a slot whose run died with its host, in that slot's own
/// window. Returns the claim won.
std::optional<SlotClaim> claim_next_attempt(Database& db, const std::string& domain, const std::string& tenant,
                                            std::int64_t window_start, const std::string& host);

/// Records which run executes a claim.
void attach_run(Database& db, const SlotClaim& claim, std::int64_t run_id);

/// Gives a claim up: its run did not start (its pair was running elsewhere).
void release_claim(Database& db, const SlotClaim& claim);

}  // namespace govsync::host
