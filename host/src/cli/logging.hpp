#pragma once
// Process logging: spdlog to stderr.

namespace govsync::host {

/// Sets the default logger: stderr, coloured on a terminal; level from
/// GOVSYNC_LOG_LEVEL (trace, debug, info, warn, error), info by default.
void setup_logging();

}  // namespace govsync::host
