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

namespace govsync::host {
namespace {

using Apply = std::function<std::optional<std::string>(const std::string& value)>;  // returns a problem

std::string trim(std::string text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string::npos) return "";
  const auto last = text.find_last_not_of(" \t");
  return text.substr(first, last - first + 1);
}

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> items;
  std::string item;
  for (const char c : text + ",") {
    if (c == ',') {
      if (auto t = trim(item); !t.empty()) items.push_back(t);
      item.clear();
    } else {
      item += c;
    }
  }
  return items;
}

// Values have no inline comments; a " #" in a path or URL is almost always one.
std::optional<std::string> inline_comment(const std::string& v) {
  if (v.find(" #") != std::string::npos || v.find("\t#") != std::string::npos || v.find(" ;") != std::string::npos) {
    return std::string("looks like it ends in a comment; comments go on their own line");
  }
  return std::nullopt;
}

Apply as_bool(bool& target) {
  return [&target](const std::string& v) -> std::optional<std::string> {
    if (v == "true" || v == "yes" || v == "on" || v == "1") {
      target = true;
    } else if (v == "false" || v == "no" || v == "off" || v == "0") {
      target = false;
    } else {
      return "'" + v + "' is not a boolean; use true or false";
    }
    return std::nullopt;
  };
}

Apply as_int(int& target, int min, int max) {
  return [&target, min, max](const std::string& v) -> std::optional<std::string> {
    int parsed = 0;
    const auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), parsed);
    if (ec != std::errc{} || ptr != v.data() + v.size() || parsed < min || parsed > max) {
      return "'" + v + "' is not a whole number from " + std::to_string(min) + " to " + std::to_string(max);
    }
    target = parsed;
    return std::nullopt;
  };
}

Apply as_duration(std::chrono::seconds& target, bool allow_zero) {
  return [&target, allow_zero](const std::string& v) -> std::optional<std::string> {
    const auto parsed = parse_duration(v);
    if (!parsed) {
      return "'" + v +
             "' is not a duration of at most 3650d (10 years); write a whole number and a unit: 30s, 15m, 4h "
             "or 1d";
    }
    if (!allow_zero && parsed->count() == 0) return "must be longer than 0s";
    target = *parsed;
    return std::nullopt;
  };
}

Apply as_optional_duration(std::optional<std::chrono::seconds>& target, bool allow_zero) {
  return [&target, allow_zero](const std::string& v) -> std::optional<std::string> {
    std::chrono::seconds parsed{};
    if (auto problem = as_duration(parsed, allow_zero)(v)) return problem;
    target = parsed;
    return std::nullopt;
  };
}

Apply as_path(std::filesystem::path& target) {
  return [&target](const std::string& v) -> std::optional<std::string> {
    if (auto problem = inline_comment(v)) return problem;
    if (v.empty()) return std::string("must not be empty");
    target = v;
    return std::nullopt;
  };
}

Apply as_url(std::string& target) {
  return [&target](const std::string& v) -> std::optional<std::string> {
    if (auto problem = inline_comment(v)) return problem;
    if (v.rfind("https://", 0) != 0 && v.rfind("http://", 0) != 0) return "'" + v + "' is not an http(s) URL";
    target = v;
    return std::nullopt;
  };
}

Apply as_database_url(std::string& target) {
  return [&target](const std::string& v) -> std::optional<std::string> {
    if (auto problem = inline_comment(v)) return problem;
    const bool sqlite = v.rfind("sqlite:", 0) == 0 && v.size() > 7;
    const bool postgresql = v.rfind("postgresql:", 0) == 0 && v.size() > 11;
    if (!sqlite && !postgresql) {
      return std::string("must be sqlite:PATH or postgresql:CONNINFO (e.g. postgresql:host=db dbname=govsync)");
    }
    target = v;
    return std::nullopt;
  };
}

const std::regex& guid_pattern() {
  static const std::regex pattern("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
  return pattern;
}

Apply as_guid(std::string& target) {
  return [&target](const std::string& v) -> std::optional<std::string> {
    if (!std::regex_match(v, guid_pattern())) return "'" + v + "' is not a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)";
    target = v;
    return std::nullopt;
  };
}

Apply as_secret_file(std::filesystem::path& target, std::vector<std::string>& warnings) {
  // The file's content is a secret: never read into messages, only checked for presence.
  return [&target, &warnings](const std::string& v) -> std::optional<std::string> {
    if (v.empty()) return std::string("must not be empty");
    struct stat info {};
    // The value is not echoed: operators sometimes paste the secret itself here.
    if (::stat(v.c_str(), &info) != 0 || !S_ISREG(info.st_mode)) {
      return std::string("names no file (give the path of a file that holds the secret, not the secret)");
    }
    if (::access(v.c_str(), R_OK) != 0) return std::string("the file is not readable by this user");
    if (info.st_size == 0) return std::string("the file is empty; put the client secret in it");
    target = v;
    if ((info.st_mode & (S_IRWXG | S_IRWXO)) != 0) warnings.push_back(v);
    return std::nullopt;
  };
}

// A size in bytes with an optional K, M or G suffix (powers of 1024), from 256M to 1T.
Apply as_byte_size(std::uint64_t& target) {
  return [&target](const std::string& v) -> std::optional<std::string> {
    std::uint64_t number = 0;
    const auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), number);
    const std::string_view suffix(ptr, static_cast<std::size_t>(v.data() + v.size() - ptr));
    int shift = 0;
    if (suffix == "K") shift = 10;
    if (suffix == "M") shift = 20;
    if (suffix == "G") shift = 30;
    const bool known = suffix.empty() || shift > 0;
    if (ec != std::errc{} || !known || number == 0 || number > (1ULL << 40) >> shift ||
        (number << shift) < (256ULL << 20)) {
      return "'" + v + "' is not a size from 256M to 1024G; write e.g. 512M or 1G";
    }
    target = number << shift;
    return std::nullopt;
  };
}

// host:port with an IP address (IPv6 in brackets) or localhost; or "off".
Apply as_listen(AdminSettings& admin, bool& off) {
  return [&admin, &off](const std::string& v) -> std::optional<std::string> {
    off = v == "off";
    if (off) return std::nullopt;
    static const std::regex pattern(R"(^(localhost|[0-9]{1,3}(\.[0-9]{1,3}){3}|\[[0-9a-fA-F:.]+\]):([0-9]{1,5})$)");
    std::smatch match;
    int port = 0;
    if (!std::regex_match(v, match, pattern) || as_int(port, 0, 65535)(match[3].str())) {
      return "'" + v + "' is not an address to listen on; write IP:PORT (e.g. 127.0.0.1:9464), [::1]:9464 or off";
    }
    auto host = match[1].str();
    if (host.front() == '[') host = host.substr(1, host.size() - 2);
    admin.host = host == "localhost" ? "127.0.0.1" : host;
    admin.port = port;
    return std::nullopt;
  };
}

Apply as_duration_list(std::vector<std::chrono::seconds>& target) {
  return [&target](const std::string& v) -> std::optional<std::string> {
    std::vector<std::chrono::seconds> parsed;
    if (v != "none") {
      for (const auto& item : split_list(v)) {
        const auto d = parse_duration(item);
        if (!d || d->count() == 0) {
          return "'" + item + "' is not a duration above 0s and at most 3650d; write e.g. 1m, 5m, 15m (or none)";
        }
        parsed.push_back(*d);
      }
    }
    target = std::move(parsed);
    return std::nullopt;
  };
}

Apply as_choice(std::string& target, std::vector<std::string> choices) {
  return [&target, choices](const std::string& v) -> std::optional<std::string> {
    std::string list;
    for (const auto& c : choices) {
      if (c == v) {
        target = v;
        return std::nullopt;
      }
      list += (list.empty() ? "" : ", ") + c;
    }
    return "'" + v + "' is not one of " + list;
  };
}

Apply as_list(std::vector<std::string>& target) {
  return [&target](const std::string& v) -> std::optional<std::string> {
    target = split_list(v);
    return std::nullopt;
  };
}

std::string known_keys(const std::map<std::string, Apply>& keys) {
  std::string list;
  for (const auto& [name, _] : keys) list += (list.empty() ? "" : ", ") + name;
  return list;
}

Error error_at(const ConfigOrigin& origin, const std::string& problem) {
  return Error{origin.describe() + ": " + problem};
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
              {"pool_size", as_int(s_.database.pool_size, 1, 1000)}};
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
              {"allow_insecure_http", as_bool(s_.azure.allow_insecure_http)}};
    } else if (o.section == "log") {
      keys = {{"level", as_choice(s_.log.level, {"trace", "debug", "info", "warn", "error", "critical"})},
              {"format", as_choice(s_.log.format, {"auto", "text", "json"})},
              {"file", as_path(s_.log.file)}};
    } else if (o.section == "cluster") {
      keys = {{"enabled", as_bool(s_.cluster.enabled)}};
      if (o.key == "enabled") cluster_origin_ = o;
    } else if (o.section == "admin") {
      admin_seen_ = true;
      keys = {{"listen", as_listen(s_.admin, admin_off_)},
              {"token_file", as_secret_file(s_.admin.token_file, secret_warnings_)}};
    } else if (o.section.rfind("tenant.", 0) == 0) {
      auto& t = tenant(o);
      keys = {{"directory_id", as_guid(t.directory_id)},
              {"client_id", as_guid(t.client_id)},
              {"client_secret_file", as_secret_file(t.client_secret_file, secret_warnings_)},
              {"managed_identity", as_bool(t.managed_identity)},
              {"subscriptions", as_list(t.subscriptions)}};
    } else if (o.section.rfind("domain.", 0) == 0) {
      auto& d = domain(o);
      keys = {{"enabled", as_bool(d.enabled)},
              {"interval", as_optional_duration(d.interval, false)},
              {"offset", as_optional_duration(d.offset, true)},
              {"run_timeout", as_optional_duration(d.run_timeout, false)}};
      if (!keys.contains(o.key)) {
        // Not a host key: the domain's plugin must declare it (checked once plugins are loaded).
        d.plugin_keys[o.key] = entry.value;
        d.plugin_key_origins[o.key] = o;
        return std::nullopt;
      }
    } else {
      return error_at(
          {o.file, o.section, ""},
          "unknown section; known sections are [database], [plugins], [scheduler], [azure], [log], [admin], [cluster], "
          "[tenant.<name>] and [domain.<name>]");
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

std::optional<Error> check_tenant(const TenantSettings& t) {
  const ConfigOrigin where{t.defined_in, "tenant." + t.id, ""};
  if (!std::regex_match(t.id, name_pattern())) {
    return error_at(where, "tenant names use lower-case letters, digits, '-' and '_' (at most 63)");
  }
  if (t.directory_id.empty()) return error_at({t.defined_in, where.section, "directory_id"}, "is required");
  const bool secret = !t.client_secret_file.empty();
  if (!t.managed_identity && (t.client_id.empty() || !secret)) {
    return error_at({t.defined_in, where.section, t.client_id.empty() ? "client_id" : "client_secret_file"},
                    "the tenant has no credentials: set client_id and client_secret_file, or managed_identity = true");
  }
  if (t.managed_identity && secret) {
    return error_at({t.defined_in, where.section, "managed_identity"},
                    "choose one credential: managed_identity = true or client_secret_file, not both");
  }
  return std::nullopt;
}

std::optional<Error> check_domain(const DomainSettings& d) {
  if (!std::regex_match(d.name, name_pattern())) {
    return error_at({d.defined_in, "domain." + d.name, ""},
                    "domain names use lower-case letters, digits, '-' and '_' (at most 63)");
  }
  return std::nullopt;
}

}  // namespace

Result<Settings> load_settings(const std::filesystem::path& main) {
  const auto files = config_files(main);
  auto entries = read_ini_entries(files);
  if (!entries) return entries.error();
  Settings settings;
  for (const auto& f : files) settings.files.push_back(f.string());
  if (entries.value().empty()) {
    // `: > govsync.ini` once reloaded as "0 tenants" and stopped all syncing.
    return error_at({main.string(), "", "", 0},
                    "has no settings at all (an empty file?); a configuration names at least its [tenant.NAME] "
                    "sections and the [domain.NAME] sections it enables");
  }
  SettingsBuilder builder(settings);
  for (const auto& entry : entries.value()) {
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

}  // namespace govsync::host
