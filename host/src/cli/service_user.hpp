#pragma once
// Running a check as the user the daemon runs as. A configuration that root
// can read may still be one the service cannot: a secret file root made 0600,
// a folder only root may enter. `govsync check-config` run as root checks as
// the service user `govsync` (when it exists), or as the user --user names.

#include <functional>
#include <optional>
#include <string>

#include <sys/types.h>

namespace govsync::host {

/// The user the packaged service runs as.
inline constexpr const char* kServiceUser = "govsync";

struct UserIdentity {
  std::string name;
  uid_t uid = 0;
  gid_t gid = 0;
};

/// The user to check as: `requested` when given (an unknown name is an error
/// message), else the service user when this process is root and that user
/// exists, else nobody (check as this process).
std::optional<UserIdentity> user_to_check_as(const std::optional<std::string>& requested, std::string& error);

/// Runs `check` in a child process that has become `user` (its groups, gid and
/// uid; no way back) and returns its exit code; 70 when the child could not
/// become the user, with the reason on stderr. Output goes where this
/// process's goes.
int run_as_user(const UserIdentity& user, const std::function<int()>& check);

}  // namespace govsync::host
