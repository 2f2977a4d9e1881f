#include "runs/run_executor.hpp"

#include <Poco/Exception.h>
#include <spdlog/spdlog.h>

#include "runs/failure_text.hpp"
#include "runs/run_query.hpp"

namespace govsync::host {
namespace {

std::shared_ptr<spdlog::logger> run_logger(const std::string& domain, const std::string& tenant, std::int64_t run_id) {
  const auto base = spdlog::default_logger();
  auto log = std::make_shared<spdlog::logger>(domain + "/" + tenant + "#" + std::to_string(run_id),
                                              base->sinks().begin(), base->sinks().end());
  log->set_level(base->level());
  return log;
}

}  // namespace

govsync::TenantInfo tenant_info(const TenantSettings& t) { return {t.id, t.directory_id, t.subscriptions}; }

DeletionGuard deletion_guard(const RunRequest& request) {
  const auto& domain = request.domain->settings;
  return {domain.name, domain.max_delete_fraction, request.allow_mass_delete};
}

void RunExecutor::close_ledger_row(const RunOutcome& outcome, spdlog::logger& log) {
  // A run left `running` is what the system govsync replaces suffered from:
  // an end the database does not take now is kept and written by the
  // housekeeper as soon as it answers again.
  bool closed = false;
  const auto error = failure_of(
      [&] { closed = ledger_.close(outcome.run_id, owned_.owner(), outcome.status, outcome.counts, outcome.error); });
  if (error.empty()) {
    owned_.stopped(outcome.run_id);
    if (!closed) {
      log.warn("sync_runs row {} was no longer running under this owner (timed out or reaped); left as it is",
               outcome.run_id);
    }
    return;
  }
  log.error("cannot record the end of run {} in sync_runs yet ({}); it is written when the database answers",
            outcome.run_id, error);
  owned_.record_later({outcome.run_id, outcome.status, outcome.counts, outcome.error});
}

RunExecutor::RunExecutor(Database& db, RunBody& body, OwnedRuns& owned, RunObserver* observer)
    : db_(db), body_(body), ledger_(db), owned_(owned), observer_(observer) {}

SessionResult RunExecutor::committed_anyway(std::int64_t run_id, SessionResult failed) {
  std::optional<RunRecord> row;
  if (!failure_of([&] { row = find_run(db_, run_id); }).empty() || !row || row->status != "succeeded") return failed;
  return SessionResult{true,
                       {static_cast<std::uint64_t>(row->rows_written), static_cast<std::uint64_t>(row->rows_deleted),
                        static_cast<std::uint64_t>(row->truncations), 0},
                       {}};
}

std::int64_t RunExecutor::open_ledger_row(const RunRequest& request) {
  const auto& domain = request.domain->settings.name;
  if (request.queued_run_id == 0) {
    return ledger_.open(domain, request.tenant->id, request.trigger, request.attempt, owned_.owner());
  }
  // A queued run that does not start is failed with the reason, never left queued
  // (its place in the daemon's queue is gone already). Best effort: the database may be what failed.
  const auto drop = [&](const std::string& why) {
    static_cast<void>(failure_of([&] { ledger_.drop_queued(request.queued_run_id, owned_.owner(), why); }));
  };
  bool started = false;
  bool elsewhere = false;
  const auto error = failure_of([&] {
    try {
      started = ledger_.start_queued(request.queued_run_id, owned_.owner());
    } catch (const RunningElsewhere&) {
      elsewhere = true;
      throw;
    }
  });
  if (!error.empty()) {
    drop("not started: " + error);
    if (elsewhere) throw RunningElsewhere(error);
    throw std::runtime_error(error);
  }
  if (!started) {
    drop("not started: it could not be set running");
    throw std::runtime_error("queued run " + std::to_string(request.queued_run_id) + " is no longer queued");
  }
  return request.queued_run_id;
}

RunOutcome RunExecutor::execute(const RunRequest& request, RunControl& control) {
  const auto started = std::chrono::steady_clock::now();
  RunOutcome outcome;
  outcome.domain = request.domain->settings.name;
  outcome.tenant = request.tenant->id;
  auto finish = [&]() -> RunOutcome& {
    outcome.duration =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
    return outcome;
  };

  bool elsewhere = false;
  const auto open_error = failure_of([&] {
    try {
      outcome.run_id = open_ledger_row(request);
    } catch (const RunningElsewhere&) {
      elsewhere = true;
      throw;
    }
  });
  if (elsewhere) {
    // Not a failure of this pair: its run goes on elsewhere (a cluster peer, `govsync run`).
    outcome.running_elsewhere = true;
    outcome.error = "not started: " + open_error;
    spdlog::info("{}/{}: {}", outcome.domain, outcome.tenant, outcome.error);
    return finish();
  }
  if (!open_error.empty()) {
    // Nothing ran: the run fails, and its (domain, tenant) is retried like any failed run.
    outcome.error = "cannot record the run in sync_runs: " + open_error;
    spdlog::error("{}/{}: {}", outcome.domain, outcome.tenant, outcome.error);
    finish();
    if (observer_ != nullptr) observer_->run_finished(outcome);
    return outcome;
  }

  control.set_run_id(outcome.run_id);
  owned_.started(outcome.run_id);
  auto log = run_logger(outcome.domain, outcome.tenant, outcome.run_id);
  log->info("run started (trigger {}, attempt {})", request.trigger, request.attempt);
  RunProgress progress;
  progress.run_id = outcome.run_id;
  progress.domain = outcome.domain;
  progress.tenant = outcome.tenant;
  if (observer_ != nullptr) observer_->run_started(progress);

  SessionResult result;
  if (auto error = failure_of(
          [&] { result = body_.run(request, outcome.run_id, owned_.owner(), control, progress, observer_, log); });
      !error.empty()) {
    result = SessionResult{false, {}, "the run ended in an error of govsync's: " + error};
  }
  // A worker that died after its commit may have committed: the row, not the worker's silence, says.
  if (!result.succeeded) result = committed_anyway(outcome.run_id, result);
  const bool succeeded = result.succeeded;
  outcome.status = succeeded ? RunStatus::succeeded : RunStatus::failed;
  outcome.counts = result.counts;
  outcome.error = result.error;
  outcome.mass_delete_refused = result.mass_delete_refused;
  // A success was recorded with the commit; a run given up on (timed out)
  // had its end recorded by whoever gave up on it.
  if (succeeded || control.expired()) {
    owned_.stopped(outcome.run_id);
  } else {
    close_ledger_row(outcome, *log);
  }
  if (succeeded) {
    log->info("run succeeded: {} rows written, {} deleted, {} truncations{}", outcome.counts.rows_written,
              outcome.counts.rows_deleted, outcome.counts.truncations,
              outcome.counts.duplicate_keys == 0
                  ? std::string()
                  : ", " + std::to_string(outcome.counts.duplicate_keys) + " rows repeated a key (last one kept)");
  } else {
    log->error("run failed and was rolled back: {}", outcome.error);
  }
  finish();
  if (observer_ != nullptr) observer_->run_finished(outcome);
  return outcome;
}

}  // namespace govsync::host
