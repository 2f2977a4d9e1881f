#pragma once
// Opens a plugin file once, checks what was opened, and names that very file
// for the dynamic loader, so the file checked is the file loaded.

#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <string>

namespace govsync::host {

/// Whether plugin files and the folders above them must be safe
/// ([plugins] require_safe_permissions).
enum class PermissionRule { enforced, unchecked };

/// A plugin file held open from its check until it is loaded.
class OpenPluginFile {
 public:
  explicit OpenPluginFile(int fd) : fd_(fd) {}
  ~OpenPluginFile();
  OpenPluginFile(OpenPluginFile&& other) noexcept : fd_(other.release()) {}
  OpenPluginFile& operator=(OpenPluginFile&& other) noexcept;
  OpenPluginFile(const OpenPluginFile&) = delete;
  OpenPluginFile& operator=(const OpenPluginFile&) = delete;

  /// The name under which the dynamic loader opens this descriptor's file: /proc/self/fd/N.
  std::filesystem::path load_path() const;
  /// Leaves the descriptor open for good and returns it.
  int release() noexcept;

 private:
  int fd_ = -1;
};

/// An opened plugin file, or why it was not opened.
struct PluginFileOpening {
  std::optional<OpenPluginFile> file;
  /// The file or a folder on its way is not safe (PermissionRule::enforced).
  std::optional<std::string> unsafe;
  /// The file could not be opened.
  std::optional<std::string> error;
};

/// Opens file for loading. Enforced: every directory from / to the file's
/// folder must be safe (see walk_plugin_folder), the file is opened without
/// following a symbolic link, and what was opened must be a regular file owned
/// by root or trusted_uid and writable by neither group nor others.
PluginFileOpening open_plugin_file(const std::filesystem::path& file, PermissionRule rule, uid_t trusted_uid);

}  // namespace govsync::host
