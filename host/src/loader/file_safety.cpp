#include "loader/file_safety.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <system_error>

namespace govsync::host {
namespace {

// The kernel's own limit on symbolic links followed in one lookup.
constexpr int kMaxSymbolicLinks = 40;
constexpr const char* kWhy = "; a plugin runs with govsync's privileges: ";

std::string mode_text(const struct stat& info) {
  char mode[8];
  std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(info.st_mode & 07777U));
  return mode;
}

bool trusted_owner(uid_t owner, uid_t trusted_uid) { return owner == 0 || owner == trusted_uid; }

// what: how the refusal names the file ("folder /x (where /y leads)"); path: the path a command takes.
std::string owner_refusal(const std::string& what, const std::string& path, const struct stat& info,
                          uid_t trusted_uid) {
  std::string trusted = "root";
  if (trusted_uid != 0) trusted += " or uid " + std::to_string(trusted_uid) + " (the user govsync runs as)";
  return what + " is owned by uid " + std::to_string(info.st_uid) + ", not by " + trusted + kWhy + "chown root " + path;
}

std::optional<std::string> write_refusal(const std::string& what, const std::string& path, const struct stat& info) {
  const bool group = (info.st_mode & S_IWGRP) != 0;
  const bool others = (info.st_mode & S_IWOTH) != 0;
  if (!group && !others) return std::nullopt;
  const std::string by = group && others ? "group and others" : group ? "group" : "others";
  return what + " is writable by " + by + " (mode " + mode_text(info) + ")" + kWhy + "chmod go-w " + path;
}

// One lookup from / to a folder, checking each directory before a name is looked up in it.
class FolderWalker {
 public:
  explicit FolderWalker(uid_t trusted_uid) : trusted_uid_(trusted_uid) {}

  // Follows path from current (a checked directory without links); current ends at its target.
  bool follow(std::filesystem::path& current, const std::filesystem::path& path) {
    if (path.is_absolute()) {
      current = "/";
      if (!check(current)) return false;
    }
    for (const auto& part : path.relative_path()) {
      if (part.empty() || part == ".") continue;
      // current has no links: its parent is the real one, checked on the way down.
      if (part == "..") {
        current = current.parent_path();
        continue;
      }
      const auto next = current / part;
      struct stat info {};
      if (::lstat(next.c_str(), &info) != 0) return refuse(next.string() + " cannot be examined: " + error_text());
      if (S_ISLNK(info.st_mode)) {
        if (!follow_link(current, next, info)) return false;
        continue;
      }
      if (!S_ISDIR(info.st_mode)) return refuse(next.string() + " is not a directory");
      if (auto reason = unsafe_folder(next, info, trusted_uid_, FolderRole::ancestor)) return refuse(*reason);
      current = next;
    }
    return true;
  }

  std::optional<std::string> refusal;

 private:
  bool follow_link(std::filesystem::path& current, const std::filesystem::path& link, const struct stat& info) {
    if (++links_ > kMaxSymbolicLinks) return refuse(link.string() + ": too many levels of symbolic links");
    if (!trusted_owner(info.st_uid, trusted_uid_)) {
      return refuse(owner_refusal("symbolic link " + link.string(), "-h " + link.string(), info, trusted_uid_));
    }
    std::error_code ec;
    const auto target = std::filesystem::read_symlink(link, ec);
    if (ec) return refuse(link.string() + " cannot be read: " + ec.message());
    return follow(current, target);
  }

  bool check(const std::filesystem::path& dir) {
    struct stat info {};
    if (::stat(dir.c_str(), &info) != 0) return refuse(dir.string() + " cannot be examined: " + error_text());
    if (auto reason = unsafe_folder(dir, info, trusted_uid_, FolderRole::ancestor)) return refuse(*reason);
    return true;
  }

  bool refuse(std::string reason) {
    refusal = std::move(reason);
    return false;
  }

  static std::string error_text() { return std::strerror(errno); }

  uid_t trusted_uid_;
  int links_ = 0;
};

}  // namespace

std::optional<std::string> unsafe_folder(const std::filesystem::path& folder, const struct stat& info,
                                         uid_t trusted_uid, FolderRole role, const std::string& shown) {
  const std::string what = "folder " + (shown.empty() ? folder.string() : shown);
  if (!trusted_owner(info.st_uid, trusted_uid)) return owner_refusal(what, folder.string(), info, trusted_uid);
  // A root-owned sticky directory such as /tmp: others may add entries but
  // cannot rename or remove one they do not own, and the entry the path takes
  // next is checked in its turn (so a directory or link an attacker made there
  // is refused for its owner). sshd's StrictModes and sudo's path checks take
  // no such exception; without it no plugin could be loaded from under /tmp.
  if (role == FolderRole::ancestor && info.st_uid == 0 && (info.st_mode & S_ISVTX) != 0) return std::nullopt;
  return write_refusal(what, folder.string(), info);
}

std::optional<std::string> unsafe_plugin_file(const std::filesystem::path& file, const struct stat& info,
                                              uid_t trusted_uid) {
  const auto shown = file.string();
  if (!S_ISREG(info.st_mode)) return shown + " is not a regular file";
  if (!trusted_owner(info.st_uid, trusted_uid)) return owner_refusal(shown, shown, info, trusted_uid);
  return write_refusal(shown, shown, info);
}

FolderWalk walk_plugin_folder(const std::filesystem::path& folder, uid_t trusted_uid) {
  std::error_code ec;
  const auto absolute = std::filesystem::absolute(folder, ec);
  if (ec) return {folder, folder.string() + " cannot be examined: " + ec.message()};
  FolderWalker walker(trusted_uid);
  std::filesystem::path current;
  if (!walker.follow(current, absolute)) return {current, walker.refusal};
  // The folder that holds the plugins is checked without the sticky exception.
  struct stat info {};
  if (::stat(current.c_str(), &info) != 0) {
    return {current, current.string() + " cannot be examined: " + std::strerror(errno)};
  }
  auto normal = absolute.lexically_normal();
  if (!normal.has_filename()) normal = normal.parent_path();
  std::string shown;
  if (current != normal) shown = current.string() + " (where " + folder.string() + " leads)";
  return {current, unsafe_folder(current, info, trusted_uid, FolderRole::plugin_folder, shown)};
}

}  // namespace govsync::host
