#include "cli/daemon_state_lines.hpp"

#include <Poco/JSON/Object.h>

namespace govsync::host {

void print_daemon_states(std::ostream& out, const std::vector<DaemonState>& states,
                         const std::vector<HostQuarantine>& quarantines) {
  if (states.empty()) out << "daemon: no govsync serve has started on this database\n";
  for (const auto& s : states) {
    out << "daemon on " << s.hostname << " (pid " << s.pid << ", " << s.config_file << "): started " << s.started_at
        << ", configuration loaded " << s.loaded_at << "\n";
    if (s.reload_refused_at) {
      out << "  reload REFUSED at " << *s.reload_refused_at << ": " << s.reload_error.value_or("")
          << " (the configuration loaded " << s.loaded_at << " stays in force)\n";
    }
    for (const auto& q : quarantines) {
      if (q.hostname == s.hostname) out << "  QUARANTINED: " << q.held.why << "\n";
    }
  }
}

Poco::JSON::Array quarantines_json(const std::vector<HostQuarantine>& quarantines) {
  Poco::JSON::Array array;
  for (const auto& q : quarantines) {
    Poco::JSON::Object entry;
    entry.set("hostname", q.hostname);
    if (!q.held.plugin.empty()) entry.set("plugin", q.held.plugin);
    if (!q.held.domain.empty()) entry.set("domain", q.held.domain);
    if (!q.held.tenant.empty()) entry.set("tenant", q.held.tenant);
    entry.set("why", q.held.why);
    array.add(entry);
  }
  return array;
}

Poco::JSON::Array daemon_states_json(const std::vector<DaemonState>& states) {
  Poco::JSON::Array array;
  for (const auto& s : states) {
    Poco::JSON::Object entry;
    entry.set("hostname", s.hostname);
    entry.set("pid", s.pid);
    entry.set("config_file", s.config_file);
    entry.set("started_at", s.started_at);
    entry.set("loaded_at", s.loaded_at);
    if (s.reload_refused_at) {
      entry.set("reload_refused_at", *s.reload_refused_at);
      entry.set("reload_error", s.reload_error.value_or(""));
    }
    array.add(entry);
  }
  return array;
}

}  // namespace govsync::host
