#include "runs/run_executor.hpp"

#include <Poco/Exception.h>
#include <spdlog/spdlog.h>

#include <thread>

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

void RunExecutor::close_ledger_row(const RunOutcome& outcome, spdlog::logger& log) {
  // A run left `running` is what the system govsync replaces suffered from:
  // retry a failed close a few times before leaving it to the reaper.
  std::string error;
  for (int attempt = 1; attempt <= 3; ++attempt) {
    bool closed = false;
    error = failure_of(
        [&] { closed = ledger_.close(outcome.run_id, owner_, outcome.status, outcome.counts, outcome.error); });
    if (error.empty()) {
      if (!closed) {
        log.warn("sync_runs row {} was no longer running under this owner (timed out or reaped); left as it is",
                 outcome.run_id);
      }
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200 * attempt * attempt));
  }
  log.error("cannot record the end of run {} in sync_runs: {}; the ghost reaper will fail it", outcome.run_id, error);
}

RunExecutor::RunExecutor(Database& db, RunBody& body, std::string owner, RunObserver* observer)
    : db_(db), body_(body), ledger_(db), owner_(std::move(owner)), observer_(observer) {}

SessionResult RunExecutor::committed_anyway(std::int64_t run_id, SessionResult failed) {
  std::optional<RunRecord> row;
  if (!failure_of([&] { row = find_run(db_, run_id); }).empty() || !row || row->status != "succeeded") return failed;
  return SessionResult{true,
                       {static_cast<std::uint64_t>(row->rows_written), static_cast<std::uint64_t>(row->rows_deleted),
                        static_cast<std::uint64_t>(row->truncations)},
                       {}};
}

std::int64_t RunExecutor::open_ledger_row(const RunRequest& request) {
  const auto& domain = request.domain->settings.name;
  if (request.queued_run_id == 0) {
    return ledger_.open(domain, request.tenant->id, request.trigger, request.attempt, owner_);
  }
  if (!ledger_.start_queued(request.queued_run_id, owner_)) {
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

  if (auto error = failure_of([&] { outcome.run_id = open_ledger_row(request); }); !error.empty()) {
    outcome.error = "cannot record the run in sync_runs: " + error;
    control.expire();
    spdlog::error("{}/{}: {}", outcome.domain, outcome.tenant, outcome.error);
    finish();
    if (observer_ != nullptr) observer_->run_finished(outcome);
    return outcome;
  }

  control.set_run_id(outcome.run_id);
  auto log = run_logger(outcome.domain, outcome.tenant, outcome.run_id);
  log->info("run started (trigger {}, attempt {})", request.trigger, request.attempt);
  RunProgress progress;
  progress.run_id = outcome.run_id;
  progress.domain = outcome.domain;
  progress.tenant = outcome.tenant;
  if (observer_ != nullptr) observer_->run_started(progress);

  SessionResult result;
  if (auto error =
          failure_of([&] { result = body_.run(request, outcome.run_id, owner_, control, progress, observer_, log); });
      !error.empty()) {
    result = SessionResult{false, {}, "the run ended in an error of govsync's: " + error};
  }
  // A worker that died after its commit may have committed: the row, not the worker's silence, says.
  if (!result.succeeded) result = committed_anyway(outcome.run_id, result);
  const bool succeeded = result.succeeded;
  outcome.status = succeeded ? RunStatus::succeeded : RunStatus::failed;
  outcome.counts = result.counts;
  outcome.error = result.error;
  if (!succeeded) close_ledger_row(outcome, *log);  // a success was recorded with the commit
  if (succeeded) {
    log->info("run succeeded: {} rows written, {} deleted, {} truncations", outcome.counts.rows_written,
              outcome.counts.rows_deleted, outcome.counts.truncations);
  } else {
    log->error("run failed and was rolled back: {}", outcome.error);
  }
  finish();
  if (observer_ != nullptr) observer_->run_finished(outcome);
  return outcome;
}

}  // namespace govsync::host
