#include <algorithm>
#include <atomic>
#include <iostream>
#include <thread>

#include <unistd.h>

#include <Poco/Exception.h>
#include <spdlog/spdlog.h>

#include "cli/command_help.hpp"
#include "cli/commands.hpp"
#include "cli/host_setup.hpp"
#include "cli/progress_display.hpp"
#include "cli/run_table.hpp"
#include "daemon/housekeeper.hpp"
#include "daemon/signal_watcher.hpp"
#include "runs/ghost_reaper.hpp"
#include "runs/run_batch.hpp"
#include "runs/run_ledger.hpp"
#include "runs/tenant_registry.hpp"

namespace govsync::host {
namespace {

constexpr const char* kHelp =
    "usage: govsync run [--config FILE] [--domain D]... [--tenant T]... [--allow-mass-delete]\n"
    "\n"
    "Syncs now, in the foreground: every enabled domain for every tenant, or\n"
    "only the domains and tenants named. Each (domain, tenant) run has its own\n"
    "database session and transaction; a failed run is rolled back alone.\n"
    "Shows each run's progress (a live view on a terminal, a line per start\n"
    "and end otherwise) and then a table of the runs. Exit codes: 0 every run succeeded, 1 a run\n"
    "failed, 64 unknown domain or tenant, 69 database unavailable,\n"
    "78 configuration error, 130 interrupted (SIGINT/SIGTERM: the runs in\n"
    "progress are cancelled and rolled back, and recorded as failed).\n"
    "\n"
    "A run whose delete-unseen would remove more than [domain.X]\n"
    "max_delete_fraction (default 0.5) of a tenant's stored rows in a table,\n"
    "and more than 10 rows, fails and deletes nothing. --allow-mass-delete\n"
    "lets these runs delete any share, once: for rows Azure really lost.\n";

std::optional<int> check_names(const std::vector<std::string>& wanted, const std::vector<std::string>& known,
                               const std::string& what) {
  for (const auto& name : wanted) {
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      std::string list;
      for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
      spdlog::critical("run: no enabled {} named '{}' (enabled: {})", what, name, list.empty() ? "none" : list);
      return kExitUsage;
    }
  }
  return std::nullopt;
}

// A live display needs a terminal on both streams (logs go to stderr, the display to stdout).
bool live_terminal() {
  const char* term = std::getenv("TERM");
  return ::isatty(STDOUT_FILENO) == 1 && ::isatty(STDERR_FILENO) == 1 && term != nullptr &&
         std::string_view(term) != "dumb";
}

// While it lives, log lines on the terminal go around the display's block.
class DisplayedLogging {
 public:
  explicit DisplayedLogging(ProgressDisplay& display) : saved_(spdlog::default_logger()->sinks()) {
    auto& sinks = spdlog::default_logger()->sinks();
    if (!sinks.empty()) sinks.front() = display.wrap(sinks.front());  // the console sink comes first
  }
  ~DisplayedLogging() { spdlog::default_logger()->sinks() = saved_; }
  DisplayedLogging(const DisplayedLogging&) = delete;
  DisplayedLogging& operator=(const DisplayedLogging&) = delete;

 private:
  std::vector<spdlog::sink_ptr> saved_;
};

bool selected(const std::vector<std::string>& wanted, const std::string& name) {
  return wanted.empty() || std::find(wanted.begin(), wanted.end(), name) != wanted.end();
}

}  // namespace

int command_run(const std::vector<std::string>& raw) {
  Arguments args;
  if (auto stop = parse_or_help(
          "run", raw, {{"config"}, {"domain", true, true}, {"tenant", true, true}, {"allow-mass-delete", false}}, kHelp,
          args)) {
    return *stop;
  }
  SignalWatcher signals;  // before any thread starts, so every thread blocks the signals
  auto plugins = prepare_plugins(args);
  if (auto* code = std::get_if<int>(&plugins)) return *code;
  auto& setup = std::get<PluginSetup>(plugins);

  std::vector<std::string> domain_names;
  std::vector<std::string> tenant_names;
  for (const auto& d : setup.domains) domain_names.push_back(d.settings.name);
  for (const auto& t : setup.settings.tenants) tenant_names.push_back(t.id);
  const auto wanted_domains = args.all("domain");
  const auto wanted_tenants = args.all("tenant");
  if (auto stop = check_names(wanted_domains, domain_names, "domain")) return *stop;
  if (auto stop = check_names(wanted_tenants, tenant_names, "tenant")) return *stop;

  auto database = prepare_database(setup.settings);
  if (auto* code = std::get_if<int>(&database)) return *code;
  auto& db = std::get<DatabaseSetup>(database);
  try {
    register_tenants(*db.db, setup.settings.tenants);
    // A pair runs once at a time: a killed `govsync run` of this host must not keep its pairs for good.
    for (const auto id : reap_dead_predecessors(*db.db, this_instance_owner()))
      spdlog::warn("run {} failed: the process on this host that owned it is gone", id);
  } catch (const Poco::Exception& e) {
    spdlog::critical("run: cannot prepare the runs (tenants, ghosts of this host): {}",
                     redact_connection_secrets(e.displayText()));
    return kExitUnavailable;
  } catch (const std::exception& e) {
    spdlog::critical("run: cannot prepare the runs (tenants, ghosts of this host): {}",
                     redact_connection_secrets(e.what()));
    return kExitUnavailable;
  }

  std::vector<RunRequest> requests;
  for (const auto& domain : setup.domains) {
    if (!selected(wanted_domains, domain.settings.name)) continue;
    for (const auto& tenant : setup.settings.tenants) {
      if (selected(wanted_tenants, tenant.id))
        requests.push_back({&domain, &tenant, "manual", 1, &setup.settings.azure, 0, args.has("allow-mass-delete")});
    }
  }
  if (requests.empty()) {
    std::cout << "nothing to run: " << (setup.domains.empty() ? "no domain is enabled" : "no tenant is configured")
              << "\n";
    return 0;
  }
  spdlog::info("running {} (domain, tenant) syncs, {} at a time", requests.size(),
               setup.settings.scheduler.concurrency);
  const auto concurrency = static_cast<std::size_t>(setup.settings.scheduler.concurrency);
  // With isolation = thread the runs use this process's sessions; workers open their own.
  if (!setup.workers) open_sessions_ahead(*db.db, std::min(requests.size(), concurrency));
  OwnedRuns owned(this_instance_owner());
  ProgressDisplay display(stdout, live_terminal(), requests.size());
  std::optional<DisplayedLogging> displayed;
  if (live_terminal()) displayed.emplace(display);
  const auto body = make_run_body(setup.workers.get(), *db.db, db.catalog, setup.settings.database.url);
  RunExecutor executor(*db.db, *body, owned, &display);
  // Heartbeats keep a long foreground run from looking like a ghost to a daemon.
  Housekeeper housekeeper(db.db->url(), owned,
                          {setup.settings.scheduler.heartbeat, std::nullopt, false, db.db->statement_timeout()});
  std::atomic<bool> stop{false};
  std::atomic<bool> done{false};
  std::jthread interrupter([&] {
    while (!done.load()) {
      if (const auto signal = signals.wait(std::chrono::milliseconds(100)); signal && *signal != SIGHUP) {
        spdlog::warn("interrupted: cancelling the runs in progress (they are rolled back)");
        stop.store(true);
        return;
      }
    }
  });
  const auto outcomes =
      run_batch(executor, requests, setup.settings.scheduler.concurrency, stop, "interrupted by a signal");
  done.store(true);
  display.close();
  displayed.reset();
  print_run_table(std::cout, outcomes);
  const bool all_ok = std::all_of(outcomes.begin(), outcomes.end(),
                                  [](const RunOutcome& o) { return o.status == RunStatus::succeeded; });
  if (stop.load()) return 130;
  return all_ok ? 0 : 1;
}

}  // namespace govsync::host
