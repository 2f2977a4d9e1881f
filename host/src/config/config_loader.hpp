#pragma once
// Loads and validates the configuration: the operators' contract in DESIGN.md.

#include <filesystem>

#include "common/result.hpp"
#include "config/settings.hpp"

namespace govsync::host {

/// The exit code for configuration errors (sysexits.h EX_CONFIG).
inline constexpr int kExitConfigError = 78;

/// The default main configuration file.
inline const std::filesystem::path kDefaultConfigFile = "/etc/govsync/govsync.ini";

/// Reads `main` and its conf.d drop-ins and validates every section and key.
/// The error names the file, section and key, and what to do.
Result<Settings> load_settings(const std::filesystem::path& main);

/// The [log] level and format as the files write them, valid values only (the
/// defaults for the rest), without the file: how to report a configuration
/// that load_settings refuses in the format its operator asked for.
LogSettings log_settings_as_written(const std::filesystem::path& main);

}  // namespace govsync::host
