#include <govsync/version.hpp>

#include <iostream>

#include "cli/commands.hpp"
#include "cli/host_setup.hpp"
#include "cli/logging.hpp"
#include "govsync_build_info.hpp"
#include "worker/worker_main.hpp"

namespace govsync::host {
namespace {

constexpr const char* kUsage =
    "usage: govsync <command> [--config FILE] [options]\n"
    "\n"
    "commands:\n"
    "  serve          run the daemon in the foreground: schedule, heartbeat, reap ghosts\n"
    "  run            sync now in the foreground: govsync run [--domain D]... [--tenant T]...\n"
    "  status         last run and next due time of every (domain, tenant): govsync status [--json]\n"
    "  reap           fail ghost runs (dead owners, stale heartbeats) once\n"
    "  plugins        list every plugin file: name, version, SDK, path, loaded or why not\n"
    "  migrate        apply pending database migrations: govsync migrate [--to N]\n"
    "  check-config   validate the configuration and the plugins it names\n"
    "\n"
    "  --version      print the govsync and SDK versions\n"
    "  --help         this text; `govsync <command> --help` for a command\n"
    "\n"
    "The configuration is /etc/govsync/govsync.ini, then conf.d/*.ini beside it, unless --config names another.\n"
    "Exit codes: 0 success, 1 a run or step failed, 64 usage error, 69 database unavailable, 78 configuration error.\n";

}  // namespace

int cli_main(const std::vector<std::string>& args) {
  if (args.empty() || args[0] == "--help" || args[0] == "help") {
    std::cout << kUsage;
    return args.empty() ? kExitUsage : 0;
  }
  if (args[0] == "--version") {
    std::cout << "govsync " << GOVSYNC_VERSION << " (plugin SDK " << GOVSYNC_SDK_VERSION_MAJOR << "."
              << GOVSYNC_SDK_VERSION_MINOR << "." << GOVSYNC_SDK_VERSION_PATCH << ")\n";
    return 0;
  }
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  if (args[0] == "worker") return command_worker(rest);  // internal: not listed; its logs go over its channel
  setup_logging();
  if (args[0] == "serve") return command_serve(rest);
  if (args[0] == "run") return command_run(rest);
  if (args[0] == "status") return command_status(rest);
  if (args[0] == "reap") return command_reap(rest);
  if (args[0] == "plugins") return command_plugins(rest);
  if (args[0] == "migrate") return command_migrate(rest);
  if (args[0] == "check-config") return command_check_config(rest);
  std::cerr << "govsync: unknown command '" << args[0] << "'\n\n" << kUsage;
  return kExitUsage;
}

}  // namespace govsync::host
