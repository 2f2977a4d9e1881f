#pragma once
// Plugins run with govsync's privileges: only load code that nobody but root
// and the user govsync runs as could have written, or put in place.

#include <sys/stat.h>
#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <string>

namespace govsync::host {

/// Where a directory stands on the way to a plugin file.
enum class FolderRole {
  /// A directory the path passes through, up to /.
  ancestor,
  /// The folder that holds the plugin files.
  plugin_folder,
};

/// Why a directory with these attributes is unsafe, or nothing. Safe: owned by
/// root or trusted_uid and writable by neither group nor others. An ancestor
/// owned by root with the sticky bit (like /tmp, mode 1777) is accepted too:
/// there nobody can rename or remove an entry they do not own, and the entry
/// below it is checked on its own. The plugin folder gets no such exception:
/// anyone could add a file to it.
/// shown, when set, is how the refusal names the folder.
std::optional<std::string> unsafe_folder(const std::filesystem::path& folder, const struct stat& info,
                                         uid_t trusted_uid, FolderRole role, const std::string& shown = {});

/// Why a plugin file with these attributes (from fstat of the opened file) is
/// unsafe, or nothing. Safe: a regular file owned by root or trusted_uid and
/// writable by neither group nor others.
std::optional<std::string> unsafe_plugin_file(const std::filesystem::path& file, const struct stat& info,
                                              uid_t trusted_uid);

/// The result of walking the path to a plugin folder.
struct FolderWalk {
  /// The folder with every symbolic link resolved.
  std::filesystem::path resolved;
  /// Why the way to the folder is unsafe; nothing when it is safe.
  std::optional<std::string> refusal;
};

/// Walks the path to folder from / as the kernel does, checking every
/// directory a name is looked up in (each ancestor, the folder itself, and the
/// directories along every symbolic link's target), and that every symbolic
/// link on the way is owned by root or trusted_uid.
FolderWalk walk_plugin_folder(const std::filesystem::path& folder, uid_t trusted_uid);

}  // namespace govsync::host
