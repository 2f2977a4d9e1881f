#include "loader/plugin_loader.hpp"

#include <unistd.h>

#include <Poco/Exception.h>

#include <algorithm>
#include <mutex>
#include <system_error>

#include "loader/file_safety.hpp"

namespace govsync::host {

std::string sdk_version_text(std::uint32_t encoded) {
  return std::to_string(sdk_version_major(encoded)) + "." + std::to_string(sdk_version_minor(encoded)) + "." +
         std::to_string(sdk_version_patch(encoded));
}

namespace {

// Libraries are never unloaded: objects, vtables and exception types from a
// plugin may outlive any single owner, so every opened library stays mapped.
void keep_loaded_forever(const boost::dll::shared_library& library) {
  static std::mutex mutex;
  static auto* libraries = new std::vector<boost::dll::shared_library>();  // NOLINT: intentionally never freed
  std::lock_guard lock(mutex);
  libraries->push_back(library);
}

// Boost.DLL wraps dlerror() as "...(dlerror system message: TEXT): Bad file
// descriptor"; the suffix is misleading, TEXT is the real reason.
std::string dlerror_text(const std::string& what) {
  const std::string marker = "dlerror system message: ";
  const auto start = what.find(marker);
  if (start == std::string::npos) return what;
  const auto end = what.rfind(')');
  const auto begin = start + marker.size();
  return what.substr(begin, end == std::string::npos || end < begin ? std::string::npos : end - begin);
}

// The dynamic loader names the file /proc/self/fd/N; a reason names the plugin file.
std::string with_file_name(std::string reason, const std::string& load_path, const std::filesystem::path& file) {
  for (auto at = reason.find(load_path); at != std::string::npos; at = reason.find(load_path, at)) {
    reason.replace(at, load_path.size(), file.string());
    at += file.string().size();
  }
  return reason;
}

constexpr const char* kOptOut = " (or set [plugins] require_safe_permissions = false)";

std::string version_text(std::uint32_t encoded) {
  return std::to_string(sdk_version_major(encoded)) + "." + std::to_string(sdk_version_minor(encoded));
}

LoadFailure failure(const std::filesystem::path& path, LoadFailureKind kind, std::string message) {
  return LoadFailure{path, kind, path.string() + ": " + std::move(message)};
}

std::optional<LoadFailure> check_sdk_version(const std::filesystem::path& path, std::uint32_t plugin) {
  const auto host_major = sdk_version_major(kSdkVersion);
  const auto host_minor = sdk_version_minor(kSdkVersion);
  const auto theirs = version_text(plugin);
  const auto ours = version_text(kSdkVersion);
  if (sdk_version_major(plugin) > host_major) {
    return failure(path, LoadFailureKind::incompatible_sdk,
                   "incompatible SDK: the plugin was built for SDK " + theirs + ", this govsync provides SDK " + ours +
                       "; upgrade govsync to a release with SDK " + std::to_string(sdk_version_major(plugin)) + ".x");
  }
  if (sdk_version_major(plugin) < host_major) {
    return failure(path, LoadFailureKind::incompatible_sdk,
                   "incompatible SDK: the plugin was built for SDK " + theirs + ", this govsync provides SDK " + ours +
                       "; rebuild the plugin against SDK " + std::to_string(host_major) + ".x");
  }
  if (sdk_version_minor(plugin) > host_minor) {
    return failure(path, LoadFailureKind::incompatible_sdk,
                   "incompatible SDK: the plugin needs SDK " + theirs + ", newer than this govsync's SDK " + ours +
                       "; upgrade govsync, or rebuild the plugin against SDK " + ours);
  }
  return std::nullopt;
}

}  // namespace

std::string_view describe(LoadFailureKind kind) {
  switch (kind) {
    case LoadFailureKind::unsafe_permissions:
      return "unsafe permissions";
    case LoadFailureKind::cannot_open:
      return "cannot open";
    case LoadFailureKind::unresolved_symbol:
      return "unresolved symbol";
    case LoadFailureKind::missing_export:
      return "missing export";
    case LoadFailureKind::incompatible_sdk:
      return "incompatible SDK";
    case LoadFailureKind::factory_threw:
      return "factory threw";
    case LoadFailureKind::info_threw:
      return "info() threw";
    case LoadFailureKind::duplicate_name:
      return "duplicate name";
  }
  return "unknown";
}

const LoadedPlugin* PluginInventory::find(const std::string& name) const {
  const auto it = std::find_if(plugins.begin(), plugins.end(), [&](const auto& p) { return p.info.name == name; });
  return it == plugins.end() ? nullptr : &*it;
}

SingleLoad load_plugin_file(const std::filesystem::path& file, PermissionRule rule) {
  auto opened = open_plugin_file(file, rule, ::geteuid());
  if (opened.unsafe) {
    return {std::nullopt,
            LoadFailure{file, LoadFailureKind::unsafe_permissions, "plugin refused: " + *opened.unsafe + kOptOut}};
  }
  if (opened.error) return {std::nullopt, LoadFailure{file, LoadFailureKind::cannot_open, *opened.error}};
  const auto load_path = opened.file->load_path();
  boost::dll::shared_library library;
  try {
    library.load(load_path, boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local);
  } catch (const std::exception& e) {
    const auto reason = with_file_name(dlerror_text(e.what()), load_path.string(), file);
    if (reason.find("undefined symbol") != std::string::npos) {
      return {std::nullopt, failure(file, LoadFailureKind::unresolved_symbol,
                                    "unresolved symbol: " + reason +
                                        "; the plugin needs a library govsync does not provide: build plugins with "
                                        "govsync_add_plugin() (-Wl,--no-undefined) so this fails at build time")};
    }
    return {std::nullopt, failure(file, LoadFailureKind::cannot_open, "cannot open as a shared library: " + reason)};
  }
  keep_loaded_forever(library);
  // The descriptor stays open as long as the library stays loaded (for ever):
  // the dynamic loader knows a library by its name, so a later plugin opened
  // as the same /proc/self/fd/N would be taken for this one.
  static_cast<void>(opened.file->release());
  for (const char* name : {kSdkVersionExportName, kFactoryExportName}) {
    if (!library.has(name)) {
      return {std::nullopt, failure(file, LoadFailureKind::missing_export,
                                    std::string("missing export ") + name +
                                        ": not a govsync plugin, or built without GOVSYNC_PLUGIN(Class)")};
    }
  }
  const std::uint32_t sdk_version = library.get<std::uint32_t()>(kSdkVersionExportName)();
  if (auto incompatible = check_sdk_version(file, sdk_version)) return {std::nullopt, std::move(incompatible)};

  std::shared_ptr<govsync::SyncPlugin> instance;
  auto* const factory = &library.get_alias<govsync::PluginFactory>(kFactoryExportName);
  try {
    instance = factory();
  } catch (const Poco::Exception& e) {
    return {std::nullopt,
            failure(file, LoadFailureKind::factory_threw, "the plugin's factory threw: " + e.displayText())};
  } catch (const std::exception& e) {
    return {std::nullopt,
            failure(file, LoadFailureKind::factory_threw, std::string("the plugin's factory threw: ") + e.what())};
  } catch (...) {
    return {std::nullopt,
            failure(file, LoadFailureKind::factory_threw, "the plugin's factory threw a non-standard exception")};
  }
  if (!instance)
    return {std::nullopt, failure(file, LoadFailureKind::factory_threw, "the plugin's factory returned null")};
  LoadedPlugin plugin{file, {}, sdk_version, std::move(instance), [factory] { return factory(); }};
  try {
    plugin.info = plugin.instance->info();
  } catch (const Poco::Exception& e) {
    return {std::nullopt, failure(file, LoadFailureKind::info_threw, "info() threw: " + e.displayText())};
  } catch (const std::exception& e) {
    return {std::nullopt, failure(file, LoadFailureKind::info_threw, std::string("info() threw: ") + e.what())};
  } catch (...) {
    return {std::nullopt, failure(file, LoadFailureKind::info_threw, "info() threw a non-standard exception")};
  }
  return {std::move(plugin), std::nullopt};
}

PluginInventory load_plugins(const std::filesystem::path& dir, bool require_safe_permissions,
                             const PluginFileLoader& load) {
  PluginInventory inventory;
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    inventory.failures.push_back(
        failure(dir, LoadFailureKind::cannot_open, "the plugin directory does not exist; set [plugins] dir"));
    return inventory;
  }
  if (require_safe_permissions) {
    if (auto reason = walk_plugin_folder(dir, ::geteuid()).refusal) {
      inventory.failures.push_back(
          {dir, LoadFailureKind::unsafe_permissions, "plugin directory refused: " + *reason + kOptOut});
      return inventory;
    }
  }
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".so") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  // Each file is checked where it is loaded: here, or in the worker process that loads it.
  const auto rule = require_safe_permissions ? PermissionRule::enforced : PermissionRule::unchecked;
  for (const auto& file : files) {
    auto loaded = load ? load(file) : load_plugin_file(file, rule);
    if (loaded.failure) {
      inventory.failures.push_back(std::move(*loaded.failure));
      continue;
    }
    if (const auto* first = inventory.find(loaded.plugin->info.name)) {
      inventory.failures.push_back(failure(file, LoadFailureKind::duplicate_name,
                                           "duplicate plugin name '" + loaded.plugin->info.name +
                                               "', already loaded from " + first->path.string() +
                                               "; remove one of the two files"));
      continue;
    }
    inventory.plugins.push_back(std::move(*loaded.plugin));
  }
  return inventory;
}

}  // namespace govsync::host
