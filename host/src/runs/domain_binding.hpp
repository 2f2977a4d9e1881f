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
  /// With isolation = thread: the instance configured with plugin_config, used
  /// by this binding's runs (a reload binds new ones; runs in flight keep theirs).
  std::shared_ptr<govsync::SyncPlugin> instance;
};

/// Binds every enabled domain to its plugin and configures the plugin. Errors
/// (exit 78) name file, section and key: an enabled domain without a loaded
/// plugin, a key the plugin did not declare, a required key left out, a
/// plugin that refused its configuration, an enabled plugin's own table
/// without tenant_id or a unique key with it (plugin_table_problems).
/// Disabled domains are left out.
/// What a plugin made of its configuration.
struct ConfiguredPlugin {
  std::string refusal;  // "" when it accepted it
  /// The instance configured with it, when the check ran in this process.
  std::shared_ptr<govsync::SyncPlugin> instance;
};
/// Gives the plugin its configuration.
using ConfigurationCheck =
    std::function<ConfiguredPlugin(const LoadedPlugin& plugin, const Poco::Util::MapConfiguration& config)>;

/// Calls configure() in this process (isolation = thread), on a new instance
/// of the plugin: never on one whose sync() may be running, and a refused
/// reload leaves the instances in use as they were.
ConfiguredPlugin configure_in_process(const LoadedPlugin& plugin, const Poco::Util::MapConfiguration& config);

Result<std::vector<BoundDomain>> bind_domains(const Settings& settings, const PluginInventory& inventory,
                                              spdlog::logger& log,
                                              const ConfigurationCheck& check = configure_in_process);

}  // namespace govsync::host
