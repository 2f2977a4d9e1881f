#include "loader/plugin_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

#include "loader/file_safety.hpp"

namespace govsync::host {

OpenPluginFile::~OpenPluginFile() {
  if (fd_ >= 0) ::close(fd_);
}

OpenPluginFile& OpenPluginFile::operator=(OpenPluginFile&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.release();
  }
  return *this;
}

std::filesystem::path OpenPluginFile::load_path() const { return "/proc/self/fd/" + std::to_string(fd_); }

int OpenPluginFile::release() noexcept {
  const int fd = fd_;
  fd_ = -1;
  return fd;
}

PluginFileOpening open_plugin_file(const std::filesystem::path& file, PermissionRule rule, uid_t trusted_uid) {
  PluginFileOpening opening;
  // O_NONBLOCK: a FIFO named *.so must not hang the loader (it is then refused as not a regular file).
  constexpr int kFlags = O_RDONLY | O_CLOEXEC | O_NONBLOCK;
  if (rule == PermissionRule::unchecked) {
    const int fd = ::open(file.c_str(), kFlags);
    if (fd < 0) {
      opening.error = file.string() + " cannot be opened: " + std::strerror(errno);
    } else {
      opening.file.emplace(fd);
    }
    return opening;
  }
  std::error_code ec;
  const auto absolute = std::filesystem::absolute(file, ec);
  if (ec) {
    opening.error = file.string() + " cannot be opened: " + ec.message();
    return opening;
  }
  auto walk = walk_plugin_folder(absolute.parent_path(), trusted_uid);
  if (walk.refusal) {
    opening.unsafe = std::move(walk.refusal);
    return opening;
  }
  // Every folder on the way is writable only by root or govsync's user, so the
  // name cannot be swapped between the walk and this open by anyone else.
  const auto resolved = walk.resolved / absolute.filename();
  const int fd = ::open(resolved.c_str(), kFlags | O_NOFOLLOW);
  if (fd < 0) {
    const int error = errno;
    if (error == ELOOP) {
      opening.unsafe = file.string() +
                       " is a symbolic link; plugin files are opened without following links: put the library "
                       "itself in the plugin folder";
    } else {
      opening.error = file.string() + " cannot be opened: " + std::strerror(error);
    }
    return opening;
  }
  OpenPluginFile opened(fd);
  struct stat info {};
  if (::fstat(fd, &info) != 0) {
    opening.error = file.string() + " cannot be examined: " + std::strerror(errno);
    return opening;
  }
  if (auto reason = unsafe_plugin_file(file, info, trusted_uid)) {
    opening.unsafe = std::move(reason);
    return opening;
  }
  opening.file = std::move(opened);
  return opening;
}

}  // namespace govsync::host
