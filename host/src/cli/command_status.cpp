#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <algorithm>
#include <cmath>
#include <iostream>

#include "cli/command_help.hpp"
#include "cli/commands.hpp"
#include "cli/daemon_state_lines.hpp"
#include "cli/host_setup.hpp"
#include "cli/text_table.hpp"
#include "config/config_loader.hpp"
#include "runs/ghost_reaper.hpp"
#include "runs/run_history.hpp"
#include "schedule/domain_timing.hpp"

namespace govsync::host {
namespace {

constexpr const char* kHelp =
    "usage: govsync status [--config FILE] [--json]\n"
    "\n"
    "Per enabled (domain, tenant): the last run, its status and age, rows,\n"
    "truncations, and when it is next due by the schedule of a running daemon:\n"
    "after a failed run, its end plus the [scheduler] retry delay for its\n"
    "attempt (unless the next interval comes first), else the interval after\n"
    "the last run's start, without jitter; 'now' when overdue or never run.\n"
    "Also the host that ran the last run (hostname:pid), and how many ghost\n"
    "runs were reaped.\n"
    "Exit codes: 0 done, 69 database unavailable, 78 configuration error.\n";

std::string age_text(double seconds) {
  const auto s = static_cast<long long>(std::llround(seconds));
  if (s < 120) return std::to_string(s) + "s";
  if (s < 7200) return std::to_string(s / 60) + "m";
  if (s < 172800) return std::to_string(s / 3600) + "h";
  return std::to_string(s / 86400) + "d";
}

// hostname:pid of an owner (hostname:pid:start).
std::string host_of(const std::string& owner) {
  const auto identity = parse_owner(owner);
  return identity.pid > 0 ? identity.host + ":" + std::to_string(identity.pid) : owner;
}

// The schedule a running daemon keeps: each slot as the end of its last
// finished run left it (a failed run waits for its retry delay), by the
// scheduler's own rules. Jitter is drawn when a run ends: left out, the
// times are the earliest the daemon starts the next runs.
Schedule schedule_from_ledger(const Settings& settings, Database& db, const std::vector<LastRun>& runs, WallTime now) {
  auto timings = domain_timings(settings);
  for (auto& timing : timings) timing.jitter = std::chrono::seconds(0);
  std::vector<std::string> tenants;
  for (const auto& t : settings.tenants) tenants.push_back(t.id);
  Schedule schedule;
  schedule.align_to_windows(settings.cluster.enabled);
  schedule.configure(timings, tenants, now, last_successes(db, now));
  const auto ago = [now](double seconds) {
    return now - std::chrono::duration_cast<WallClock::duration>(std::chrono::duration<double>(seconds));
  };
  for (const auto& run : runs) {
    if (!run.finished_age_seconds) continue;  // queued or running: its end decides
    const auto ended = ago(*run.finished_age_seconds);
    const auto started = std::min(ago(run.age_seconds), ended);  // a queued run dropped unstarted has no start
    schedule.replay_finished({run.domain, run.tenant}, started, ended, run.attempt, run.status == "succeeded");
  }
  return schedule;
}

}  // namespace

int command_status(const std::vector<std::string>& raw) {
  Arguments args;
  if (auto stop = parse_or_help("status", raw, {{"config"}, {"json", false, false}}, kHelp, args)) return *stop;
  auto settings = load_settings_or_report(args);
  if (!settings) return kExitConfigError;
  auto opened = open_database(*settings, 1);
  if (auto* code = std::get_if<int>(&opened)) return *code;
  auto& db = *std::get<std::unique_ptr<Database>>(opened);
  try {
    const auto now = WallClock::now();
    const auto runs = last_runs(db);
    const auto schedule = schedule_from_ledger(*settings, db, runs, now);
    const auto ghosts = ghosts_reaped(db);
    const auto daemons = read_daemon_states(db);
    const auto quarantines = read_quarantines(db);

    Poco::JSON::Array json_runs;
    std::vector<std::vector<std::string>> rows;
    for (const auto& slot : schedule.slots()) {
      const auto due = schedule.next_due(slot);
      const double due_in = due ? std::max(0.0, std::chrono::duration<double>(*due - now).count()) : 0.0;
      const auto last = std::find_if(runs.begin(), runs.end(), [&](const LastRun& r) {
        return r.domain == slot.domain && r.tenant == slot.tenant;
      });
      Poco::JSON::Object entry;
      entry.set("domain", slot.domain);
      entry.set("tenant", slot.tenant);
      entry.set("next_due_in_seconds", due_in);
      if (last != runs.end()) {
        entry.set("last_run_id", last->id);
        entry.set("status", last->status);
        entry.set("trigger", last->trigger);
        entry.set("attempt", last->attempt);
        entry.set("owner", last->owner);
        entry.set("age_seconds", last->age_seconds);
        entry.set("rows_written", last->rows_written);
        entry.set("truncations", last->truncations);
        entry.set("error", last->error);
      } else {
        entry.set("status", "never run");
      }
      json_runs.add(entry);
      rows.push_back({slot.domain, slot.tenant, last != runs.end() ? last->status : "never run",
                      last != runs.end() ? age_text(last->age_seconds) + " ago" : "-",
                      last != runs.end() ? host_of(last->owner) : "-",
                      last != runs.end() ? std::to_string(last->rows_written) : "-",
                      last != runs.end() ? std::to_string(last->truncations) : "-",
                      due_in < 1 ? "now" : "in " + age_text(due_in),
                      last != runs.end() ? last->error.substr(0, 120) : ""});
    }
    if (args.has("json")) {
      Poco::JSON::Object out;
      out.set("runs", json_runs);
      out.set("ghosts_reaped", ghosts);
      out.set("daemons", daemon_states_json(daemons));
      out.set("quarantined", quarantines_json(quarantines));
      out.stringify(std::cout);
      std::cout << "\n";
      return 0;
    }
    print_text_table(std::cout, {"DOMAIN", "TENANT", "LAST", "STARTED", "HOST", "ROWS", "TRUNCATIONS", "NEXT", "ERROR"},
                     rows);
    std::cout << "ghost runs reaped: " << ghosts << "\n";
    print_daemon_states(std::cout, daemons, quarantines);
    return 0;
  } catch (const Poco::Exception& e) {
    return report_database_error("status", db, e);
  }
}

}  // namespace govsync::host
