#pragma once
// Matches configured domains to loaded plugins and checks each plugin's keys.

#include <functional>
#include <string>
#include <vector>

#include <Poco/AutoPtr.h>
#include <Poco/Util/MapConfiguration.h>

#include "common/result.hpp"
#include "config/settings.hpp"
#include "loader/plugin_loader.hpp"

namespace spdlog {
class logger;
}

namespace govsync::host {

/// An enabled domain ready to run: its settings, its plugin, the plugin's configuration.
struct BoundDomain {
  DomainSettings settings;
  const LoadedPlugin* plugin = nullptr;
  Poco::AutoPtr<Poco::Util::MapConfiguration> plugin_config;
};

/// Binds every enabled domain to its plugin and configures the plugin. Errors
/// (exit 78) name file, section and key: an enabled domain without a loaded
/// plugin, a key the plugin did not declare, a required key left out, a
/// plugin that refused its configuration. Disabled domains are left out.
/// Gives the plugin its configuration: "" when it accepts it, else its refusal.
using ConfigurationCheck =
    std::function<std::string(const LoadedPlugin& plugin, const Poco::Util::MapConfiguration& config)>;

/// Calls the plugin's own configure() in this process (isolation = thread).
std::string configure_in_process(const LoadedPlugin& plugin, const Poco::Util::MapConfiguration& config);

Result<std::vector<BoundDomain>> bind_domains(const Settings& settings, const PluginInventory& inventory,
                                              spdlog::logger& log,
                                              const ConfigurationCheck& check = configure_in_process);

}  // namespace govsync::host
