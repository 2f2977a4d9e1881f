#include <iostream>

#include "cli/command_help.hpp"
#include "cli/commands.hpp"
#include "cli/host_setup.hpp"

namespace govsync::host {
namespace {

constexpr const char* kHelp =
    "usage: govsync check-config [--config FILE]\n"
    "\n"
    "Validates the configuration and its conf.d drop-ins, loads the plugins\n"
    "and checks each enabled domain's keys against its plugin. Does not touch\n"
    "the database. Exit codes: 0 valid, 78 configuration error.\n";

}  // namespace

int command_check_config(const std::vector<std::string>& raw) {
  Arguments args;
  if (auto stop = parse_or_help("check-config", raw, {{"config"}}, kHelp, args)) return *stop;
  auto plugins = prepare_plugins(args);
  if (auto* code = std::get_if<int>(&plugins)) return *code;
  const auto& setup = std::get<PluginSetup>(plugins);
  std::string domains;
  for (const auto& d : setup.domains) domains += (domains.empty() ? "" : ", ") + d.settings.name;
  std::cout << "configuration OK (" << setup.settings.files.size() << " files): " << setup.settings.tenants.size()
            << " tenants, enabled domains: " << (domains.empty() ? "none" : domains) << "\n";
  return 0;
}

}  // namespace govsync::host
