#include <iostream>

#include "cli/command_help.hpp"
#include "cli/commands.hpp"
#include "cli/host_setup.hpp"
#include "cli/text_table.hpp"
#include "config/config_loader.hpp"
#include "loader/plugin_loader.hpp"

namespace govsync::host {
namespace {

constexpr const char* kHelp =
    "usage: govsync plugins [--config FILE]\n"
    "\n"
    "Lists every *.so in [plugins] dir: name, version, SDK version, path, and\n"
    "whether it loaded or why not. Exit codes: 0 all loaded, 1 a file failed,\n"
    "78 configuration error.\n";

}  // namespace

int command_plugins(const std::vector<std::string>& raw) {
  Arguments args;
  if (auto stop = parse_or_help("plugins", raw, {{"config"}}, kHelp, args)) return *stop;
  auto settings = load_settings_or_report(args);
  if (!settings) return kExitConfigError;
  std::unique_ptr<WorkerPool> probes;
  if (settings->plugins.isolation == "process") probes = std::make_unique<WorkerPool>(worker_limits(*settings), 0);
  const auto inventory = discover_plugins(*settings, probes.get());
  std::vector<std::vector<std::string>> rows;
  for (const auto& p : inventory.plugins) {
    rows.push_back({p.info.name, p.info.version, sdk_version_text(p.sdk_version), p.path.string(), "loaded"});
  }
  for (const auto& f : inventory.failures) {
    rows.push_back(
        {"-", "-", "-", f.path.string(), "not loaded (" + std::string(describe(f.kind)) + "): " + f.message});
  }
  std::cout << "plugin directory: " << settings->plugins.dir.string() << "\n";
  print_text_table(std::cout, {"NAME", "VERSION", "SDK", "PATH", "STATUS"}, rows);
  return inventory.failures.empty() ? 0 : 1;
}

}  // namespace govsync::host
