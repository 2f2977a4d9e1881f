#pragma once
// What the admin API asks of the process that serves it (the daemon).
// Called from the admin server's threads.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "runs/run_query.hpp"

namespace govsync::host {

struct Readiness {
  /// One line per check: "database: ok", "migrations: 2 pending", ...
  std::vector<std::string> checks;
  bool ready = false;
};

struct PluginView {
  std::string name;
  std::string version;
  std::string sdk_version;
  std::string description;
  std::string file;
  bool enabled = false;  // its domain is enabled in the configuration
  std::vector<std::string> config_keys;
  bool quarantined = false;  // held back: its runs killed their worker process repeatedly
};

struct PluginFailureView {
  std::string file;
  std::string reason;
};

/// A tenant without its secret: only how it authenticates.
struct TenantView {
  std::string id;
  std::string directory_id;
  std::string credential;  // "client_secret" or "managed_identity"
  std::string client_id;
  std::vector<std::string> subscriptions;
};

/// The answer to a request to run a (domain, tenant) now.
struct QueueResult {
  enum class Outcome { queued, already_queued, unknown_domain, unknown_tenant, unavailable };
  Outcome outcome = Outcome::unavailable;
  std::int64_t run_id = 0;  // the queued run (queued, already_queued)
  std::string message;
};

class AdminBackend {
 public:
  virtual ~AdminBackend() = default;
  virtual Readiness readiness() = 0;
  /// Prometheus text exposition.
  virtual std::string metrics() = 0;
  /// Throws when the database cannot be read.
  virtual std::vector<RunRecord> runs(const RunFilter& filter) = 0;
  virtual std::optional<RunRecord> run(std::int64_t id) = 0;
  virtual std::vector<PluginView> plugins() = 0;
  virtual std::vector<PluginFailureView> plugin_failures() = 0;
  virtual std::vector<TenantView> tenants() = 0;
  /// Queues a run of an enabled domain for a configured tenant, unless one
  /// is already queued for that pair; it starts when the pair is idle and a
  /// slot is free.
  virtual QueueResult queue_run(const std::string& domain, const std::string& tenant, bool allow_mass_delete) = 0;
};

}  // namespace govsync::host
