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
  auto opened = open_database(*settings, 1);
  if (auto* code = std::get_if<int>(&opened)) return *code;
  auto& db = *std::get<std::unique_ptr<Database>>(opened);
  try {
    const auto self = this_instance_owner();
    const auto dead = reap_dead_predecessors(db, self);
    const auto stale = reap_stale_runs(db, self, settings->scheduler.ghost_after);
    for (const auto id : dead) std::cout << "failed run " << id << ": its owner on this host is gone\n";
    for (const auto id : stale) std::cout << "failed run " << id << ": no heartbeat for more than ghost_after\n";
    std::cout << dead.size() + stale.size() << " ghost runs failed\n";
    return 0;
  } catch (const Poco::Exception& e) {
    return report_database_error("reap", db, e);
  }
}

}  // namespace govsync::host
