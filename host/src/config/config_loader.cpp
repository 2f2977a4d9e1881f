#include "config/config_loader.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <charconv>
#include <functional>
#include <map>
#include <regex>
#include <set>

#include "config/duration.hpp"
#include "config/ini_entries.hpp"
#include "config/setting_values.hpp"

namespace govsync::host {
namespace {

using namespace setting_values;  // NOLINT(google-build-using-namespace): the parsers are this file's vocabulary

Apply log_level(LogSettings& log) {
  return as_choice(log.level, {"trace", "debug", "info", "warn", "error", "critical"});
}
Apply log_format(LogSettings& log) { return as_choice(log.format, {"auto", "text", "json"}); }

std::string known_keys(const std::map<std::string, Apply>& keys) {
  std::string list;
  for (const auto& [name, _] : keys) list += (list.empty() ? "" : ", ") + name;
  return list;
}

Error error_at(const ConfigOrigin& origin, const std::string& problem) {
  return Error{origin.describe() + ": " + problem};
}

bool known_section(const std::string& section) {
  static const std::set<std::string> fixed{"database", "plugins", "scheduler", "azure", "log", "cluster", "admin"};
  return fixed.contains(section) || section.rfind("tenant.", 0) == 0 || section.rfind("domain.", 0) == 0;
}

// `where` is the section's header, or a key under it.
Error unknown_section(const ConfigOrigin& where) {
  return error_at({where.file, where.section, "", where.line},
                  "unknown section; known sections are [database], [plugins], [scheduler], [azure], [log], [admin], "
                  "[cluster], [tenant.<name>] and [domain.<name>]");
}

// Relative paths in a file are relative to that file's folder, whatever the
// working directory (systemd starts services in /).
std::string relative_to_file(const ConfigOrigin& o, const std::string& value) {
  static const std::set<std::string> path_keys{
      "migrations_dir", "plugin_migrations_dir", "dir", "client_secret_file", "file", "token_file"};
  const auto base = std::filesystem::path(o.file).parent_path();
  auto resolve = [&](const std::string& path) {
    return path.empty() || std::filesystem::path(path).is_absolute() ? path : (base / path).lexically_normal().string();
  };
  if (path_keys.contains(o.key)) return resolve(value);
  if (o.section == "database" && o.key == "url" && value.rfind("sqlite:", 0) == 0) {
    return "sqlite:" + resolve(value.substr(7));
  }
  return value;
}

class SettingsBuilder {
 public:
  explicit SettingsBuilder(Settings& settings) : s_(settings) {}

  std::optional<Error> apply(const IniEntry& entry) {
    const auto& o = entry.origin;
    if (o.section.empty()) return error_at(o, "key outside any section; put it under a [section]");
    seen_[o.section + "." + o.key] = o;
    std::map<std::string, Apply> keys;
    if (o.section == "database") {
      keys = {{"url", as_database_url(s_.database.url)},
              {"migrations_dir", as_path(s_.database.migrations_dir)},
              {"plugin_migrations_dir", as_path(s_.database.plugin_migrations_dir)},
              {"migrate_at_start", as_bool(s_.database.migrate_at_start)},
              {"pool_size", as_int(s_.database.pool_size, 1, 1000)},
              {"statement_timeout", as_duration(s_.database.statement_timeout, true)}};
    } else if (o.section == "plugins") {
      keys = {{"dir", as_path(s_.plugins.dir)},
              {"require_safe_permissions", as_bool(s_.plugins.require_safe_permissions)},
              {"isolation", as_choice(s_.plugins.isolation, {"process", "thread"})},
              {"worker_max_runs", as_int(s_.plugins.worker_max_runs, 1, 1000000)},
              {"worker_memory_limit", as_byte_size(s_.plugins.worker_memory_limit)}};
    } else if (o.section == "scheduler") {
      keys = {{"concurrency", as_int(s_.scheduler.concurrency, 1, 1024)},
              {"stagger", as_duration(s_.scheduler.stagger, true)},
              {"heartbeat", as_duration(s_.scheduler.heartbeat, false)},
              {"ghost_after", as_duration(s_.scheduler.ghost_after, false)},
              {"shutdown_grace", as_duration(s_.scheduler.shutdown_grace, true)},
              {"run_timeout", as_duration(s_.scheduler.run_timeout, false)},
              {"jitter", as_duration(s_.scheduler.jitter, true)},
              {"retry", as_duration_list(s_.scheduler.retry)}};
    } else if (o.section == "azure") {
      keys = {{"authority", as_url(s_.azure.authority)},
              {"management", as_url(s_.azure.management)},
              {"graph", as_url(s_.azure.graph)},
              {"imds_endpoint", as_url(s_.azure.imds_endpoint)},
              {"management_scope", as_url(s_.azure.management_scope)},
              {"graph_scope", as_url(s_.azure.graph_scope)},
              {"max_attempts", as_int(s_.azure.max_attempts, 1, 20)},
              {"max_retry_time", as_duration(s_.azure.max_retry_time, true)},
              {"request_timeout", as_duration(s_.azure.request_timeout, false)},
              {"pace_requests", as_bool(s_.azure.pace_requests)},
              {"allow_insecure_http", as_bool(s_.azure.allow_insecure_http)}};
    } else if (o.section == "log") {
      keys = {{"level", log_level(s_.log)}, {"format", log_format(s_.log)}, {"file", as_path(s_.log.file)}};
    } else if (o.section == "cluster") {
      keys = {{"enabled", as_bool(s_.cluster.enabled)}};
      if (o.key == "enabled") cluster_origin_ = o;
    } else if (o.section == "admin") {
      admin_seen_ = true;
      keys = {{"listen", as_listen(s_.admin, admin_off_)},
              {"token_file", as_secret_file(s_.admin.token_file, secret_warnings_)}};
    } else if (o.section.rfind("tenant.", 0) == 0) {
      auto& t = tenant(o);
      t.key_origins[o.key] = o;
      keys = {{"directory_id", as_guid(t.directory_id)},
              {"client_id", as_guid(t.client_id)},
              {"client_secret_file", as_secret_file(t.client_secret_file, secret_warnings_)},
              {"managed_identity", as_bool(t.managed_identity)},
              {"subscriptions", as_guid_list(t.subscriptions)}};
    } else if (o.section.rfind("domain.", 0) == 0) {
      auto& d = domain(o);
      if (o.key == "enabled") d.enabled_at = o;
      keys = {{"enabled", as_bool(d.enabled)},
              {"interval", as_optional_duration(d.interval, false)},
              {"offset", as_optional_duration(d.offset, true)},
              {"run_timeout", as_optional_duration(d.run_timeout, false)},
              {"max_delete_fraction", as_fraction(d.max_delete_fraction)}};
      if (!keys.contains(o.key)) {
        // Not a host key: the domain's plugin must declare it (checked once plugins are loaded).
        d.plugin_keys[o.key] = entry.value;
        d.plugin_key_origins[o.key] = o;
        return std::nullopt;
      }
    } else {
      return unknown_section(o);
    }
    const auto it = keys.find(o.key);
    if (it == keys.end()) return error_at(o, "unknown key; [" + o.section + "] takes " + known_keys(keys));
    if (auto problem = it->second(relative_to_file(o, trim(entry.value)))) return error_at(o, *problem);
    return std::nullopt;
  }

 private:
  TenantSettings& tenant(const ConfigOrigin& o) {
    const std::string id = o.section.substr(7);
    for (auto& t : s_.tenants) {
      if (t.id == id) return t;
    }
    auto& added = s_.tenants.emplace_back();
    added.id = id;
    added.defined_in = o.file;
    added.defined_at = o.line;
    return added;
  }
  DomainSettings& domain(const ConfigOrigin& o) {
    const std::string name = o.section.substr(7);
    for (auto& d : s_.domains) {
      if (d.name == name) return d;
    }
    auto& added = s_.domains.emplace_back();
    added.name = name;
    added.defined_in = o.file;
    added.defined_at = o.line;
    added.enabled_at = {o.file, o.section, "enabled", o.line};
    return added;
  }
  Settings& s_;

 public:
  std::vector<std::string> secret_warnings_;  // secret files others can read
  ConfigOrigin cluster_origin_;
  std::map<std::string, ConfigOrigin> seen_;  // "section.key" -> where it was set
  bool admin_seen_ = false;                   // an [admin] section turns the admin API on...
  bool admin_off_ = false;                    // ...unless its listen is off
};

const std::regex& name_pattern() {
  static const std::regex pattern("^[a-z0-9][a-z0-9_-]{0,62}$");
  return pattern;
}

// Each error names the line of the key it is about, or of the section's first key.
std::optional<Error> check_tenant(const TenantSettings& t) {
  if (!std::regex_match(t.id, name_pattern())) {
    return error_at(t.origin_of(""), "tenant names use lower-case letters, digits, '-' and '_' (at most 63)");
  }
  if (t.directory_id.empty()) return error_at(t.origin_of("directory_id"), "is required");
  const bool secret = !t.client_secret_file.empty();
  if (!t.managed_identity && (t.client_id.empty() || !secret)) {
    return error_at(t.origin_of(t.client_id.empty() ? "client_id" : "client_secret_file"),
                    "the tenant has no credentials: set client_id and client_secret_file, or managed_identity = true");
  }
  if (t.managed_identity && secret) {
    return error_at(t.origin_of("managed_identity"),
                    "choose one credential: managed_identity = true or client_secret_file, not both");
  }
  return std::nullopt;
}

std::optional<Error> check_domain(const DomainSettings& d) {
  if (!std::regex_match(d.name, name_pattern())) {
    return error_at({d.defined_in, "domain." + d.name, "", d.defined_at},
                    "domain names use lower-case letters, digits, '-' and '_' (at most 63)");
  }
  return std::nullopt;
}

}  // namespace

Result<Settings> load_settings(const std::filesystem::path& main) {
  const auto files = config_files(main);
  auto content = read_ini_files(files);
  if (!content) return content.error();
  const auto& entries = content.value().entries;
  Settings settings;
  for (const auto& f : files) settings.files.push_back(f.string());
  // At its header, so a misspelt section is named at its line even when it has no keys.
  for (const auto& header : content.value().sections) {
    if (!known_section(header.section)) return unknown_section(header);
  }
  if (entries.empty()) {
    // `: > govsync.ini` once reloaded as "0 tenants" and stopped all syncing.
    return error_at({main.string(), "", "", 0},
                    "has no settings at all (an empty file?); a configuration names at least its [tenant.NAME] "
                    "sections and the [domain.NAME] sections it enables");
  }
  SettingsBuilder builder(settings);
  for (const auto& entry : entries) {
    if (auto error = builder.apply(entry)) return *error;
  }
  if (settings.scheduler.ghost_after < 3 * settings.scheduler.heartbeat) {
    auto it = builder.seen_.find("scheduler.ghost_after");
    if (it == builder.seen_.end()) it = builder.seen_.find("scheduler.heartbeat");
    const auto where = it != builder.seen_.end() ? it->second : ConfigOrigin{main.string(), "scheduler", "", 0};
    return error_at(where, "ghost_after (" + format_duration(settings.scheduler.ghost_after) +
                               ") must be at least 3 x heartbeat (" + format_duration(settings.scheduler.heartbeat) +
                               "), or live runs would be failed as ghosts between two heartbeats");
  }
  if (settings.tenants.empty()) {
    settings.warnings.push_back("no [tenant.NAME] section: govsync starts idle and syncs nothing");
  }
  settings.admin.enabled = builder.admin_seen_ && !builder.admin_off_;
  if (settings.database.pool_size > 0 && settings.database.pool_size < settings.scheduler.concurrency) {
    settings.warnings.push_back("[database] pool_size " + std::to_string(settings.database.pool_size) +
                                " is below [scheduler] concurrency " + std::to_string(settings.scheduler.concurrency) +
                                ": runs will wait for database sessions");
  }
  if (settings.cluster.enabled && settings.database.url.rfind("sqlite:", 0) == 0) {
    return error_at(builder.cluster_origin_,
                    "cluster mode needs PostgreSQL ([database] url is SQLite, which one process writes at a time)");
  }
  if (settings.admin.enabled && settings.admin.host != "127.0.0.1" && settings.admin.host != "::1") {
    settings.warnings.push_back(
        "[admin] listen is not a loopback address: /healthz, /readyz and /metrics can be read "
        "by whoever reaches " +
        settings.admin.host);
  }
  if (settings.admin.enabled && settings.admin.token_file.empty()) {
    settings.warnings.push_back("[admin] has no token_file: every /api/ route answers 401");
  }
  for (const auto& t : settings.tenants) {
    if (auto error = check_tenant(t)) return *error;
  }
  for (const auto& file : builder.secret_warnings_) {
    settings.warnings.push_back("secret file " + file + " can be read by group or others; chmod 600 it");
  }
  for (const auto& d : settings.domains) {
    if (auto error = check_domain(d)) return *error;
  }
  return settings;
}

LogSettings log_settings_as_written(const std::filesystem::path& main) {
  LogSettings log;
  const auto content = read_ini_files(config_files(main));
  if (!content) return log;
  for (const auto& entry : content.value().entries) {
    if (entry.origin.section != "log") continue;
    // An invalid value leaves the default: the error that brought us here may be this one.
    if (entry.origin.key == "format") log_format(log)(entry.value);
    if (entry.origin.key == "level") log_level(log)(entry.value);
  }
  return log;
}

}  // namespace govsync::host
