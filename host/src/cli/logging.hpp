#pragma once
// Process logging: spdlog to stderr.

#include <string>

namespace govsync::host {

/// Sets the default logger: stderr, coloured on a terminal; level from
/// GOVSYNC_LOG_LEVEL (trace, debug, info, warn, error), info by default.
void setup_logging();

struct LogSettings;

/// Applies [log]: level (GOVSYNC_LOG_LEVEL still wins), text or JSON lines
/// on stderr, and an optional rotating file. Returns a problem, or "".
std::string apply_log_settings(const LogSettings& settings);

}  // namespace govsync::host
