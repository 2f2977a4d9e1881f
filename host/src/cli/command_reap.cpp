#include <Poco/Exception.h>

#include <iostream>

#include "cli/command_help.hpp"
#include "cli/commands.hpp"
#include "cli/host_setup.hpp"
#include "config/config_loader.hpp"
#include "runs/ghost_reaper.hpp"
#include "runs/run_ledger.hpp"

namespace govsync::host {
namespace {

constexpr const char* kHelp =
    "usage: govsync reap [--config FILE]\n"
    "\n"
    "Fails, once, every run left running by a process on this host that is\n"
    "gone, and every run of any host whose heartbeat is older than\n"
    "[scheduler] ghost_after (unless its owner is alive on this host).\n"
    "Each is failed by compare-and-set, so a live run is never touched.\n"
    "Exit codes: 0 done, 69 database unavailable, 78 configuration error.\n";

}  // namespace

int command_reap(const std::vector<std::string>& raw) {
  Arguments args;
  if (auto stop = parse_or_help("reap", raw, {{"config"}}, kHelp, args)) return *stop;
  auto settings = load_settings_or_report(args);
  if (!settings) return kExitConfigError;
  auto url = parse_database_url(settings->database.url);
  if (!url) {
    std::cerr << "govsync: configuration error: [database] url: " << url.error().message << "\n";
    return kExitConfigError;
  }
  Database db(url.value(), 1);
  try {
    const auto self = this_instance_owner();
    const auto dead = reap_dead_predecessors(db, self);
    const auto stale = reap_stale_runs(db, self, settings->scheduler.ghost_after);
    for (const auto id : dead) std::cout << "failed run " << id << ": its owner on this host is gone\n";
    for (const auto id : stale) std::cout << "failed run " << id << ": no heartbeat for more than ghost_after\n";
    std::cout << dead.size() + stale.size() << " ghost runs failed\n";
    return 0;
  } catch (const Poco::Exception& e) {
    std::cerr << "govsync reap: cannot use the database " << url->redacted() << ": "
              << redact_connection_secrets(e.displayText()) << "\n";
    return kExitUnavailable;
  }
}

}  // namespace govsync::host
