#include "runs/run_session.hpp"

#include <spdlog/spdlog.h>

#include "runs/failure_text.hpp"
#include "runs/run_context_impl.hpp"
#include "truncate/truncation_audit_store.hpp"

namespace govsync::host {

SessionResult run_session(Database& db, const SchemaCatalog& catalog, const SessionRequest& request,
                          RunControl& control, const SessionHooks& hooks, const std::shared_ptr<spdlog::logger>& log) {
  SessionResult result;
  TruncationService truncator(catalog, log, request.plugin_name, request.tenant.id, request.run_id);
  RunLedger ledger(db);
  result.error = failure_of([&] {
    // Begun by the run's first write, so a run waiting on Azure holds no session (and on SQLite not the writer lock).
    LazyTransaction tx(db);
    RunContextImpl context(request.tenant, request.run_id, tx, catalog, truncator, log, *request.config, control,
                           hooks.make_azure_client, request.deletion);
    if (hooks.on_progress) {
      context.set_progress_listener([&](std::string_view stage, std::uint64_t done, std::uint64_t total) {
        hooks.on_progress(stage, done, total, context.rows_written());
      });
    }
    request.plugin->sync(context);
    try {
      result.counts.rows_deleted = context.finish_writers();
    } catch (const MassDeletionRefused&) {
      result.mass_delete_refused = true;
      throw;
    }
    result.counts.rows_written = context.rows_written();
    result.counts.duplicate_keys = context.duplicate_keys();
    if (control.cancelled() || !hooks.may_commit()) throw std::runtime_error(control.reason());
    result.counts.truncations = truncator.record_count();
    if (!ledger.succeed_within(tx.session(), request.run_id, request.owner, result.counts)) {
      throw std::runtime_error("run " + std::to_string(request.run_id) +
                               " is no longer running under this process (a peer or the watchdog failed it); "
                               "its rows are rolled back");
    }
    tx.commit();
  });
  result.succeeded = result.error.empty();    // a failed run's transaction rolled back and its session was discarded
  if (!result.succeeded) result.counts = {};  // nothing of a failed run is stored

  const auto records = truncator.take_records();
  result.counts.truncations = records.size();
  if (auto error = failure_of([&] { store_truncation_records(db, records); }); !error.empty()) {
    log->error("cannot store {} truncation records in truncation_audit: {}", records.size(), error);
  }
  return result;
}

}  // namespace govsync::host
