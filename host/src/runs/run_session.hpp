#pragma once
// The part of a run that executes where the plugin lives (a worker process,
// or a thread of the daemon with isolation = thread): the run's transaction,
// its RunContext, sync(), the success recorded inside the transaction, and
// the truncation records stored after it ends.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include <govsync/context.hpp>
#include <govsync/plugin.hpp>

#include "db/database.hpp"
#include "db/schema_catalog.hpp"
#include "runs/run_control.hpp"
#include "runs/run_ledger.hpp"
#include "writer/deletion_guard.hpp"

namespace Poco::Util {
class AbstractConfiguration;
}
namespace spdlog {
class logger;
}

namespace govsync::host {

/// One run as the plugin's side sees it.
struct SessionRequest {
  govsync::SyncPlugin* plugin = nullptr;
  std::string plugin_name;
  govsync::TenantInfo tenant;
  const Poco::Util::AbstractConfiguration* config = nullptr;
  std::int64_t run_id = 0;
  /// The ledger row's owner: success is recorded only while the row is still this owner's and running.
  std::string owner;
  /// How much delete-unseen may remove.
  DeletionGuard deletion;
};

/// How the session reaches what is outside it.
struct SessionHooks {
  std::function<std::unique_ptr<govsync::AzureClient>()> make_azure_client;
  /// Each progress report of the plugin, with the rows written so far (may be empty).
  std::function<void(std::string_view stage, std::uint64_t done, std::uint64_t total, std::uint64_t rows)> on_progress;
  /// Asked once before committing: false when the watchdog gave up on the run.
  std::function<bool()> may_commit;
};

/// How a run ended on the plugin's side.
struct SessionResult {
  bool succeeded = false;
  RunCounts counts;
  std::string error;
  /// The run failed because the deletion guard refused its delete-unseen.
  bool mass_delete_refused = false;
};

/// Runs the plugin: commit on success (with the ledger's success in the same
/// transaction), rollback on any failure (the session is then discarded),
/// truncations stored either way. Never throws.
SessionResult run_session(Database& db, const SchemaCatalog& catalog, const SessionRequest& request,
                          RunControl& control, const SessionHooks& hooks, const std::shared_ptr<spdlog::logger>& log);

}  // namespace govsync::host
