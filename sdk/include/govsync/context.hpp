#pragma once
/// \file
/// RunContext: what the host gives a plugin for one (domain, tenant) run.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <govsync/azure.hpp>
#include <govsync/truncator.hpp>
#include <govsync/writer.hpp>

namespace Poco::Data {
class Session;
}
namespace Poco::Util {
class AbstractConfiguration;
}
namespace spdlog {
class logger;
}

namespace govsync {

/// The tenant a run syncs.
struct TenantInfo {
  /// The tenant's name in the configuration ([tenant.<id>]); stored as tenant_id.
  std::string id;
  /// The Entra directory (tenant) id.
  std::string directory_id;
  /// Subscriptions configured for the tenant; empty means "all it can see".
  std::vector<std::string> subscriptions;
};

/// The host's services for one (domain, tenant) run. Valid only during
/// SyncPlugin::sync(); a plugin must not keep references past it.
class RunContext {
 public:
  virtual ~RunContext() = default;
  /// The tenant this run syncs.
  virtual const TenantInfo& tenant() const = 0;
  /// The run's id in the sync_runs ledger.
  virtual std::int64_t run_id() const = 0;
  /// The run's own database session, inside the run's transaction. Prefer
  /// writer(): raw statements are not fitted by the truncator. Use bound
  /// parameters written as $1, $2, ...
  /// The first call begins the transaction if nothing did (on PostgreSQL a
  /// writer's first batch does, on SQLite the end of the run): until then the
  /// run holds no session, so call it when you need it, not while listings are
  /// still to be fetched (on SQLite it takes the one writer lock).
  virtual Poco::Data::Session& session() = 0;
  /// "sqlite" or "postgresql": the dialect of session().
  virtual std::string_view sql_dialect() const = 0;
  /// The truncation service for this run.
  virtual Truncator& truncator() = 0;
  /// The writer for one table, created on first use with these options; later
  /// calls for the same table return the same writer.
  virtual TableWriter& writer(const std::string& table, const WriterOptions& options) = 0;
  /// A logger named after the plugin; lines carry the domain, tenant and run.
  virtual spdlog::logger& log() = 0;
  /// The plugin's configuration: the keys of [domain.<name>].
  virtual const Poco::Util::AbstractConfiguration& config() const = 0;
  /// True once the host asks the run to stop; a plugin checks it between pages.
  virtual bool cancelled() const = 0;
  /// Reports progress (and proves liveness): stage name, items done, total if known (0 if not).
  virtual void progress(std::string_view stage, std::uint64_t done, std::uint64_t total) = 0;
  /// Azure and Microsoft Graph, authenticated as this tenant. Requests stop
  /// with AzureErrorKind::cancelled once the run is cancelled.
  virtual AzureClient& azure() = 0;
};

}  // namespace govsync
