#include "runs/domain_binding.hpp"

#include <Poco/Exception.h>
#include <spdlog/spdlog.h>

#include <algorithm>

#include "migrate/plugin_table_check.hpp"

namespace govsync::host {
namespace {

std::string declared_keys(const govsync::PluginInfo& info) {
  std::string list;
  for (const auto& key : info.config_keys) list += (list.empty() ? "" : ", ") + key.name;
  return list.empty() ? "no keys of its own" : list;
}

std::string load_failures(const PluginInventory& inventory) {
  std::string text;
  for (const auto& f : inventory.failures) text += "\n  " + f.message;
  return text.empty() ? "" : "; these plugin files failed to load:" + text;
}

// The enabled plugins' own tables against what the writer needs (without the database).
std::string plugin_tables_problem(const Settings& settings, const std::vector<BoundDomain>& bound) {
  const auto url = parse_database_url(settings.database.url);
  if (!url || bound.empty()) return {};
  std::vector<std::string> plugins;
  for (const auto& domain : bound) plugins.push_back(domain.plugin->info.name);
  const auto problems = plugin_table_problems(settings.database.migrations_dir, settings.database.plugin_migrations_dir,
                                              plugins, url->dialect);
  if (problems.empty()) return {};
  std::string text = "[database] plugin_migrations_dir: plugin tables the writer cannot use:";
  for (const auto& problem : problems) text += "\n  " + problem;
  return text;
}

}  // namespace

ConfiguredPlugin configure_in_process(const LoadedPlugin& plugin, const Poco::Util::MapConfiguration& config) {
  try {
    std::shared_ptr<govsync::SyncPlugin> fresh = plugin.create();
    if (!fresh) return {"the plugin's factory returned null", nullptr};
    fresh->configure(config);
    return {"", std::move(fresh)};
  } catch (const Poco::Exception& e) {
    return {e.displayText(), nullptr};
  } catch (const std::exception& e) {
    return {e.what(), nullptr};
  }
}

Result<std::vector<BoundDomain>> bind_domains(const Settings& settings, const PluginInventory& inventory,
                                              spdlog::logger& log, const ConfigurationCheck& check) {
  std::vector<BoundDomain> bound;
  for (const auto& domain : settings.domains) {
    const ConfigOrigin section{domain.defined_in, "domain." + domain.name, "", domain.defined_at};
    const auto* plugin = inventory.find(domain.name);
    if (plugin == nullptr) {
      if (!domain.enabled) {
        log.warn("{}: no plugin named '{}' in {}; the domain is disabled, so nothing is lost", section.describe(),
                 domain.name, settings.plugins.dir.string());
        continue;
      }
      return Error{domain.enabled_at.describe() + ": the domain is enabled but no plugin named '" + domain.name +
                   "' was loaded from " + settings.plugins.dir.string() + load_failures(inventory)};
    }
    const auto& info = plugin->info;
    for (const auto& [key, origin] : domain.plugin_key_origins) {
      const bool declared = std::any_of(info.config_keys.begin(), info.config_keys.end(),
                                        [&](const govsync::ConfigKey& k) { return k.name == key; });
      if (!declared) {
        return Error{origin.describe() + ": unknown key; the " + domain.name + " plugin declares " +
                     declared_keys(info) + ", and the host takes enabled, interval, offset and run_timeout"};
      }
    }
    if (!domain.enabled) continue;
    Poco::AutoPtr<Poco::Util::MapConfiguration> config(new Poco::Util::MapConfiguration);
    for (const auto& key : info.config_keys) {
      const auto value = domain.plugin_keys.find(key.name);
      if (value != domain.plugin_keys.end()) {
        config->setString(key.name, value->second);
      } else if (key.required) {
        return Error{ConfigOrigin{domain.defined_in, section.section, key.name, domain.defined_at}.describe() +
                     ": required by the " + domain.name + " plugin (" + key.description + ")"};
      } else if (!key.default_value.empty()) {
        config->setString(key.name, key.default_value);
      }
    }
    auto configured = check(*plugin, *config);
    if (!configured.refusal.empty()) {
      return Error{section.describe() + ": the " + domain.name +
                   " plugin refused its configuration: " + configured.refusal};
    }
    bound.push_back(BoundDomain{domain, plugin, config, std::move(configured.instance)});
  }
  if (auto problem = plugin_tables_problem(settings, bound); !problem.empty()) return Error{std::move(problem)};
  return bound;
}

}  // namespace govsync::host
