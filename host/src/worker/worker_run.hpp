#pragma once
// One run inside a worker process: the session, with tokens, progress and the
// commit asked of the supervisor over the channel.

#include <memory>
#include <optional>

#include <Poco/Util/MapConfiguration.h>

#include "azure/token_cache.hpp"
#include "channel/messages.hpp"
#include "db/database.hpp"
#include "db/schema_catalog.hpp"
#include "worker/worker_inbox.hpp"

namespace govsync::host::worker {

/// What stays in a worker from one run to the next: the plugin, its
/// configuration, and the database opened at the first run.
struct WorkerState {
  LoadedPlugin plugin;
  channel::WorkerConfiguration configuration;
  Poco::AutoPtr<Poco::Util::MapConfiguration> plugin_config;
  std::unique_ptr<Database> db;
  std::optional<SchemaCatalog> catalog;
  /// Tokens the supervisor handed over, per tenant and scope, until five minutes before they expire.
  TokenCache tokens;
};

/// Runs the run `start` asks for and sends its run_result. Never throws.
void run_in_worker(WorkerState& state, const Poco::JSON::Object& start, channel::FrameChannel& channel,
                   WorkerInbox& inbox);

}  // namespace govsync::host::worker
