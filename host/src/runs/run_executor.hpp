#pragma once
// Executes one (domain, tenant) run in its own session and transaction.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>

#include "config/settings.hpp"
#include "db/database.hpp"
#include "db/schema_catalog.hpp"
#include "runs/domain_binding.hpp"
#include "runs/owned_runs.hpp"
#include "runs/run_body.hpp"
#include "runs/run_control.hpp"
#include "runs/run_ledger.hpp"
#include "runs/run_observer.hpp"

namespace spdlog {
class logger;
}

namespace govsync::host {

struct RunRequest {
  const BoundDomain* domain = nullptr;
  const TenantSettings* tenant = nullptr;
  std::string trigger = "manual";
  int attempt = 1;
  /// Azure endpoints and retry settings (defaults when null).
  const AzureSettings* azure = nullptr;
  /// A row already in sync_runs as `queued` (POST /api/v1/runs) that this run
  /// takes over; 0 opens a new row.
  std::int64_t queued_run_id = 0;
  /// The operator allowed this run's delete-unseen to remove any share of the
  /// stored rows (--allow-mass-delete, "allow_mass_delete" over the API).
  bool allow_mass_delete = false;
};

/// How much the request's delete-unseen may remove.
DeletionGuard deletion_guard(const RunRequest& request);

struct RunOutcome {
  std::int64_t run_id = 0;
  std::string domain;
  std::string tenant;
  RunStatus status = RunStatus::failed;
  RunCounts counts;
  std::chrono::milliseconds duration{0};
  std::string error;
  /// Failed because the deletion guard refused its delete-unseen.
  bool mass_delete_refused = false;
  /// Not started: another run of its (domain, tenant) was running (status stays failed, run_id 0).
  bool running_elsewhere = false;
};

/// The tenant as a plugin sees it: no credentials.
govsync::TenantInfo tenant_info(const TenantSettings& tenant);

class RunExecutor {
 public:
  /// The body runs the plugin (in a worker process or on this thread). Rows
  /// are opened under owned.owner() and their ends kept there when the
  /// database does not take them. The observer, when given, is told of every
  /// run's start, progress and end.
  RunExecutor(Database& db, RunBody& body, OwnedRuns& owned, RunObserver* observer = nullptr);

  /// Opens the run's ledger row, runs the body (commit on success, rollback on
  /// any failure, truncations audited either way), and closes the row when
  /// the body did not record a success. Never throws.
  /// The control cancels the run or expires it (a timeout); either way it
  /// cannot commit, and its error is the control's reason.
  RunOutcome execute(const RunRequest& request, RunControl& control);

 private:
  std::int64_t open_ledger_row(const RunRequest& request);
  void close_ledger_row(const RunOutcome& outcome, spdlog::logger& log);

  /// The run as its row records it when the body failed but the row says it
  /// succeeded (its worker died between its commit and its report); else `failed`.
  SessionResult committed_anyway(std::int64_t run_id, SessionResult failed);

  Database& db_;
  RunBody& body_;
  RunLedger ledger_;
  OwnedRuns& owned_;
  RunObserver* observer_;
};

}  // namespace govsync::host
