#include "loader/file_safety.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>

namespace govsync::host {

std::optional<std::string> unsafe_permissions(const std::filesystem::path& path) {
  if (::geteuid() != 0) return std::nullopt;
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) return path.string() + " cannot be examined";
  char mode[8];
  std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(info.st_mode & 07777U));
  if (info.st_uid != 0) {
    return path.string() + " is owned by uid " + std::to_string(info.st_uid) +
           ", not root; a plugin runs with govsync's privileges: chown root " + path.string();
  }
  if ((info.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
    return path.string() + " is writable by group or others (mode " + mode +
           "); a plugin runs with govsync's privileges: chmod go-w " + path.string();
  }
  return std::nullopt;
}

}  // namespace govsync::host
