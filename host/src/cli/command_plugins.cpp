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
    "usage: govsync plugins [NAME] [--config FILE]\n"
    "\n"
    "Lists every *.so in [plugins] dir: name, version, SDK version, path, and\n"
    "whether it loaded or why not; then, for each plugin that loaded, what it\n"
    "syncs and the keys its [domain.NAME] section takes: description, default\n"
    "and whether it is required. With NAME, only that plugin.\n"
    "Exit codes: 0 all loaded (with NAME: that plugin loaded), 1 a file failed\n"
    "(with NAME: no plugin of that name loaded), 78 configuration error.\n";

// The keys the host reads in every [domain.NAME] section, besides the plugin's own.
constexpr const char* kHostKeys = "enabled, interval, offset, run_timeout and max_delete_fraction (see govsync(8))";

std::vector<std::string> plugin_row(const LoadedPlugin& p) {
  return {p.info.name, p.info.version, sdk_version_text(p.sdk_version), p.path.string(), "loaded"};
}

std::vector<std::string> failure_row(const LoadFailure& f) {
  return {"-", "-", "-", f.path.string(), "not loaded (" + std::string(describe(f.kind)) + "): " + f.message};
}

void print_keys(const LoadedPlugin& p) {
  std::cout << "\n[domain." << p.info.name << "]: " << p.info.description << "\n";
  if (p.info.config_keys.empty()) {
    std::cout << "no keys of its own\n";
    return;
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& key : p.info.config_keys) {
    rows.push_back(
        {key.name, key.default_value.empty() ? "-" : key.default_value, key.required ? "yes" : "no", key.description});
  }
  print_text_table(std::cout, {"KEY", "DEFAULT", "REQUIRED", "DESCRIPTION"}, rows);
}

constexpr const char* kHeader[] = {"NAME", "VERSION", "SDK", "PATH", "STATUS"};

int show_all(const PluginInventory& inventory) {
  std::vector<std::vector<std::string>> rows;
  for (const auto& p : inventory.plugins) rows.push_back(plugin_row(p));
  for (const auto& f : inventory.failures) rows.push_back(failure_row(f));
  print_text_table(std::cout, {std::begin(kHeader), std::end(kHeader)}, rows);
  for (const auto& p : inventory.plugins) print_keys(p);
  if (!inventory.plugins.empty()) std::cout << "\nevery [domain.NAME] also takes " << kHostKeys << "\n";
  return inventory.failures.empty() ? 0 : 1;
}

int show_one(const PluginInventory& inventory, const std::string& name) {
  const auto* plugin = inventory.find(name);
  if (plugin == nullptr) {
    std::string loaded;
    for (const auto& p : inventory.plugins) loaded += (loaded.empty() ? "" : ", ") + p.info.name;
    std::cerr << "govsync plugins: no plugin named '" << name
              << "' loaded (loaded: " << (loaded.empty() ? "none" : loaded) << ")";
    if (!inventory.failures.empty()) std::cerr << "; these files did not load, and it may be one of them:";
    for (const auto& f : inventory.failures) std::cerr << "\n  " << f.path.string() << ": " << failure_row(f).back();
    std::cerr << "\n";
    return 1;
  }
  print_text_table(std::cout, {std::begin(kHeader), std::end(kHeader)}, {plugin_row(*plugin)});
  print_keys(*plugin);
  std::cout << "\n[domain." << name << "] also takes " << kHostKeys << "\n";
  return 0;
}

}  // namespace

int command_plugins(const std::vector<std::string>& raw) {
  Arguments args;
  if (auto stop = parse_or_help("plugins", raw, {{"config"}}, kHelp, args, 1)) return *stop;
  auto settings = load_settings_or_report(args);
  if (!settings) return kExitConfigError;
  std::unique_ptr<WorkerPool> probes;
  if (settings->plugins.isolation == "process") probes = std::make_unique<WorkerPool>(worker_limits(*settings), 0);
  const auto inventory = discover_plugins(*settings, probes.get());
  std::cout << "plugin directory: " << settings->plugins.dir.string() << "\n";
  return args.operands.empty() ? show_all(inventory) : show_one(inventory, args.operands.front());
}

}  // namespace govsync::host
