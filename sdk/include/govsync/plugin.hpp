#pragma once
/// \file
/// The plugin interface and the macro that exports a plugin from its shared
/// library. A plugin library contains exactly one GOVSYNC_PLUGIN(Class).

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <boost/config.hpp>
#include <boost/dll/alias.hpp>

#include <govsync/context.hpp>
#include <govsync/version.hpp>

namespace govsync {

/// A configuration key a plugin accepts in its [domain.<name>] section. Keys
/// the plugin does not declare are configuration errors.
struct ConfigKey {
  /// The key name, e.g. "lookback_days".
  std::string name;
  /// What the key does, shown by `govsync plugins`.
  std::string description;
  /// The value used when the key is absent (empty: none).
  std::string default_value;
  /// When true, the key must be present when the domain is enabled.
  bool required = false;
};

/// What a plugin says about itself.
struct PluginInfo {
  /// The domain name; it selects the [domain.<name>] section. Unique per host.
  std::string name;
  /// The plugin's own version.
  std::string version;
  /// One line on what the plugin syncs.
  std::string description;
  /// The SDK major version the plugin was compiled against (filled in for you).
  std::uint32_t sdk_major = GOVSYNC_SDK_VERSION_MAJOR;
  /// The SDK minor version the plugin was compiled against (filled in for you).
  std::uint32_t sdk_minor = GOVSYNC_SDK_VERSION_MINOR;
  /// The keys the plugin accepts in its configuration section.
  std::vector<ConfigKey> config_keys;
};

/// A sync domain. The host creates one instance per process and calls sync()
/// once per (domain, tenant) run, possibly from several threads at once for
/// different tenants: keep per-run state in sync()'s locals.
class BOOST_SYMBOL_VISIBLE SyncPlugin {
 public:
  virtual ~SyncPlugin() = default;
  /// Describes the plugin; called once after loading.
  virtual PluginInfo info() const = 0;
  /// Receives the plugin's configuration section (already checked against
  /// the declared keys) before the first run. Throw to refuse it. The host
  /// calls it once per instance, before any sync() of that instance; a
  /// configuration reload configures a new instance, which replaces this one
  /// only if the whole reload is accepted, so configure() never runs beside
  /// sync() and state it sets needs no locking.
  virtual void configure(const Poco::Util::AbstractConfiguration& config) { static_cast<void>(config); }
  /// Syncs one tenant. Throwing fails (and rolls back) this run alone.
  virtual void sync(RunContext& context) = 0;
};

/// The signature of the factory a plugin exports.
using PluginFactory = std::unique_ptr<SyncPlugin>();

/// The exported names the host looks for.
inline constexpr const char* kFactoryExportName = "govsync_create_plugin";
/// The exported extern "C" function returning the encoded SDK version.
inline constexpr const char* kSdkVersionExportName = "govsync_plugin_sdk_version";

}  // namespace govsync

/// Exports Class (a default-constructible govsync::SyncPlugin) as this
/// library's plugin: a Boost.DLL alias for its factory and an extern "C"
/// function returning the SDK version it was compiled against. Use it once,
/// at global namespace scope, in one source file of the plugin.
#define GOVSYNC_PLUGIN(Class)                                                                  \
  namespace govsync_plugin_entry {                                                             \
  std::unique_ptr<::govsync::SyncPlugin> create_plugin() { return std::make_unique<Class>(); } \
  }                                                                                            \
  BOOST_DLL_ALIAS(govsync_plugin_entry::create_plugin, govsync_create_plugin)                  \
  extern "C" BOOST_SYMBOL_EXPORT std::uint32_t govsync_plugin_sdk_version() { return ::govsync::kSdkVersion; }
