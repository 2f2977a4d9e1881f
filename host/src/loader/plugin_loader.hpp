#pragma once
// Loads plugin shared libraries with Boost.DLL and checks them before use.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/dll/shared_library.hpp>

#include <govsync/plugin.hpp>

namespace govsync::host {

/// An encoded SDK version as MAJOR.MINOR.PATCH.
std::string sdk_version_text(std::uint32_t encoded);

/// Why a plugin file was not loaded.
enum class LoadFailureKind {
  unsafe_permissions,
  cannot_open,
  unresolved_symbol,
  missing_export,
  incompatible_sdk,
  factory_threw,
  info_threw,
  duplicate_name,
};

std::string_view describe(LoadFailureKind kind);

struct LoadFailure {
  std::filesystem::path path;
  LoadFailureKind kind;
  std::string message;
};

/// A loaded plugin. The library stays loaded for the process lifetime. A
/// plugin probed in a worker process (isolation = process) has no instance.
struct LoadedPlugin {
  std::filesystem::path path;
  govsync::PluginInfo info;
  std::uint32_t sdk_version = 0;
  std::shared_ptr<govsync::SyncPlugin> instance;
};

struct PluginInventory {
  std::vector<LoadedPlugin> plugins;
  std::vector<LoadFailure> failures;
  const LoadedPlugin* find(const std::string& name) const;
};

/// Loads every *.so in dir (in name order). A bad file is recorded as a
/// failure and never stops the others. When require_safe_permissions is set
/// and the process runs as root, the directory and each file must be owned by
/// root and not writable by group or others.
/// Loads one plugin file; exactly one of the results is set.
struct SingleLoad {
  std::optional<LoadedPlugin> plugin;
  std::optional<LoadFailure> failure;
};
SingleLoad load_plugin_file(const std::filesystem::path& file);

/// How one file is loaded: load_plugin_file in this process, or a probe in a
/// child process (isolation = process), whose plugin then has no instance here.
using PluginFileLoader = std::function<SingleLoad(const std::filesystem::path& file)>;

PluginInventory load_plugins(const std::filesystem::path& dir, bool require_safe_permissions,
                             const PluginFileLoader& load = load_plugin_file);

}  // namespace govsync::host
