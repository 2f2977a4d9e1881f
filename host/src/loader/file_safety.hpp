#pragma once
// Plugins run inside the daemon: only load code nobody else could have written.

#include <filesystem>
#include <optional>
#include <string>

namespace govsync::host {

/// When this process runs as root: nothing, if path (after following
/// symlinks) is owned by root and not writable by group or others; otherwise
/// the reason it is unsafe. Always nothing for other users.
std::optional<std::string> unsafe_permissions(const std::filesystem::path& path);

}  // namespace govsync::host
