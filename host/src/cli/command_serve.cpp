#include <spdlog/spdlog.h>

#include "cli/command_help.hpp"
#include "cli/commands.hpp"
#include "cli/host_setup.hpp"
#include "daemon/daemon.hpp"
#include "daemon/signal_watcher.hpp"

namespace govsync::host {
namespace {

constexpr const char* kHelp =
    "usage: govsync serve [--config FILE]\n"
    "\n"
    "Runs the daemon in the foreground (systemd runs it; it does not fork).\n"
    "Every enabled domain gets an explicit first run at start + offset (or\n"
    "position x [scheduler] stagger); a (domain, tenant) that never succeeded\n"
    "runs then, one with fresh data waits for its last success + interval.\n"
    "Runs left running by a dead earlier instance on this host are failed at\n"
    "start; others' runs whose heartbeat is older than ghost_after are failed.\n"
    "\n"
    "Signals: SIGTERM/SIGINT stop dispatching, cancel running runs and wait up\n"
    "to shutdown_grace, then exit 0; SIGHUP reloads the configuration (an\n"
    "invalid one is refused and the one in force stays).\n"
    "\n"
    "[admin] serves /healthz, /readyz, /metrics and /api/v1/ (bearer token from\n"
    "token_file) on 127.0.0.1:9464 by default. [cluster] enabled = true lets\n"
    "several daemons share one PostgreSQL database: each slot runs once, and a\n"
    "dead host's runs are failed and run again by a peer.\n";

}  // namespace

int command_serve(const std::vector<std::string>& raw) {
  Arguments args;
  if (auto stop = parse_or_help("serve", raw, {{"config"}}, kHelp, args)) return *stop;
  SignalWatcher signals;  // before any thread starts, so every thread blocks the signals
  auto plugins = prepare_plugins(args);
  if (auto* code = std::get_if<int>(&plugins)) return *code;
  auto database = prepare_database(std::get<PluginSetup>(plugins).settings);
  if (auto* code = std::get_if<int>(&database)) return *code;
  Daemon daemon(config_path(args), std::move(std::get<PluginSetup>(plugins)),
                std::move(std::get<DatabaseSetup>(database)));
  return daemon.serve(signals);
}

}  // namespace govsync::host
