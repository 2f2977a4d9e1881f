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

#include "loader/plugin_file.hpp"

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
  /// Makes a new instance (the plugin's factory; the library stays loaded for ever).
  std::function<std::unique_ptr<govsync::SyncPlugin>()> create;
};

struct PluginInventory {
  std::vector<LoadedPlugin> plugins;
  std::vector<LoadFailure> failures;
  const LoadedPlugin* find(const std::string& name) const;
};

/// Loads one plugin file; exactly one of the results is set. The file is
/// opened once (see open_plugin_file: with the rule enforced, the file and
/// every folder above it must be safe, whoever govsync runs as) and the
/// dynamic loader is given that descriptor, so the file checked is the file
/// loaded.
struct SingleLoad {
  std::optional<LoadedPlugin> plugin;
  std::optional<LoadFailure> failure;
};
SingleLoad load_plugin_file(const std::filesystem::path& file, PermissionRule rule = PermissionRule::enforced);

/// How one file is loaded: a probe in a child process (isolation = process),
/// whose plugin then has no instance here, and which checks the file itself.
using PluginFileLoader = std::function<SingleLoad(const std::filesystem::path& file)>;

/// Loads every *.so in dir (in name order), with load, or when it is empty
/// with load_plugin_file in this process. A bad file is recorded as a failure
/// and never stops the others. When require_safe_permissions is set, the
/// folders from / to dir and each file must be owned by root or the user
/// govsync runs as and writable by neither group nor others (see file_safety.hpp).
PluginInventory load_plugins(const std::filesystem::path& dir, bool require_safe_permissions,
                             const PluginFileLoader& load = {});

}  // namespace govsync::host
