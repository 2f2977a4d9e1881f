#pragma once
// The validated configuration of one govsync process.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "writer/deletion_guard.hpp"

namespace govsync::host {

/// Where a value came from, for error messages: file, section and key.
struct ConfigOrigin {
  std::string file;
  std::string section;
  std::string key;
  int line = 0;  // 0 when the problem is not on one line
  /// "FILE:LINE: [section] key".
  std::string describe() const;
};

struct DatabaseSettings {
  std::string url = "sqlite:/var/lib/govsync/govsync.db";
  std::filesystem::path migrations_dir = "/usr/share/govsync/migrations";
  /// Third-party plugins' migrations: one folder per plugin, each its own sequence.
  std::filesystem::path plugin_migrations_dir = "/usr/share/govsync/migrations.d";
  bool migrate_at_start = true;
  /// Database sessions at most; 0 (unset): [scheduler] concurrency + 2, one per
  /// run plus the ledger's and the admin API's.
  int pool_size = 0;
  /// PostgreSQL: the longest a statement of the host's own may take (ledger,
  /// probes, queries; not runs or migrations); 0: no limit.
  std::chrono::seconds statement_timeout{30};
};

struct PluginDirSettings {
  std::filesystem::path dir = "/usr/lib/govsync/plugins";
  bool require_safe_permissions = true;
  /// "process": plugins run in worker processes (a crash costs one run);
  /// "thread": in the daemon itself (benchmarks and debugging).
  std::string isolation = "process";
  /// Runs a worker process serves before it is replaced.
  int worker_max_runs = 100;
  /// RLIMIT_AS of each worker process, in bytes; a worker is also replaced
  /// when it ends a run with more than half of it resident.
  std::uint64_t worker_memory_limit = 1ULL << 30;
};

struct SchedulerSettings {
  int concurrency = 4;
  std::chrono::seconds stagger{15};
  std::chrono::seconds heartbeat{30};
  std::chrono::seconds ghost_after{30 * 60};
  std::chrono::seconds shutdown_grace{30};
  std::chrono::seconds run_timeout{2 * 3600};
  std::chrono::seconds jitter{0};
  std::vector<std::chrono::seconds> retry{std::chrono::minutes(1), std::chrono::minutes(5), std::chrono::minutes(15)};
};

/// The interval of a domain that sets none.
inline constexpr std::chrono::seconds kDefaultInterval{4 * 3600};

struct LogSettings {
  std::string level = "info";   // trace, debug, info, warn, error, critical
  std::string format = "auto";  // text, json, or auto: text on a terminal, JSON lines otherwise
  std::filesystem::path file;   // also write to this file (rotated at 10 MiB, 5 kept); empty: none
};

struct AzureSettings {
  std::string authority = "https://login.microsoftonline.com";
  std::string management = "https://management.azure.com";
  std::string graph = "https://graph.microsoft.com";
  std::string imds_endpoint = "http://169.254.169.254/metadata/identity/oauth2/token";
  std::string management_scope = "https://management.azure.com/.default";
  std::string graph_scope = "https://graph.microsoft.com/.default";
  int max_attempts = 5;
  std::chrono::seconds max_retry_time{120};
  std::chrono::seconds request_timeout{60};
  /// Pace requests to the quotas the services state (Resource Graph, ARM reads) before they throttle.
  bool pace_requests = true;
  /// Plain HTTP is refused except to loopback addresses (and the IMDS endpoint) unless this is set.
  bool allow_insecure_http = false;
};

/// [admin]: the admin HTTP API of `govsync serve`. The section turns it on.
struct AdminSettings {
  bool enabled = false;
  std::string host = "127.0.0.1";
  int port = 9464;  // 0 picks a free port (logged at start)
  /// The file holding the bearer token for /api/ routes; without one they answer 401.
  std::filesystem::path token_file;
};

/// [cluster]: several daemons share one PostgreSQL database and its work.
struct ClusterSettings {
  bool enabled = false;
};

/// One [tenant.<id>] section. The secret itself is never held here: only the
/// path of the file that contains it.
struct TenantSettings {
  std::string id;
  std::string directory_id;
  std::string client_id;
  std::filesystem::path client_secret_file;
  bool managed_identity = false;
  std::vector<std::string> subscriptions;  // GUIDs in lower case
  std::string defined_in;
  int defined_at = 0;  // the line of the section's first key in defined_in
  /// Where each key was set (last setting wins).
  std::map<std::string, ConfigOrigin> key_origins;
  /// Where `key` was set, or the section's first key when it was not.
  ConfigOrigin origin_of(const std::string& key) const;
};

/// One [domain.<name>] section: the host's keys, and the rest for the plugin.
struct DomainSettings {
  std::string name;
  bool enabled = false;
  std::optional<std::chrono::seconds> interval;
  std::optional<std::chrono::seconds> offset;
  std::optional<std::chrono::seconds> run_timeout;
  /// The largest share of a tenant's stored rows in a table one run's delete-unseen may remove.
  double max_delete_fraction = kDefaultMaxDeleteFraction;
  /// Keys the host does not know, checked later against the plugin's declared keys.
  std::map<std::string, std::string> plugin_keys;
  /// Where each plugin key was set.
  std::map<std::string, ConfigOrigin> plugin_key_origins;
  std::string defined_in;
  int defined_at = 0;  // the line of the section's first key in defined_in
  /// Where the domain was enabled (its `enabled` key), or the section's first key.
  ConfigOrigin enabled_at;
};

struct Settings {
  std::vector<std::string> files;
  /// Things that work but deserve the operator's attention (logged at start).
  std::vector<std::string> warnings;
  DatabaseSettings database;
  PluginDirSettings plugins;
  SchedulerSettings scheduler;
  AzureSettings azure;
  LogSettings log;
  AdminSettings admin;
  ClusterSettings cluster;
  std::vector<TenantSettings> tenants;
  std::vector<DomainSettings> domains;

  const TenantSettings* tenant(const std::string& id) const;
  const DomainSettings* domain(const std::string& name) const;
};

}  // namespace govsync::host
