#include "cli/service_user.hpp"

#include <grp.h>
#include <pwd.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>

namespace govsync::host {
namespace {

std::optional<UserIdentity> look_up(const std::string& name) {
  passwd entry{};
  passwd* found = nullptr;
  std::array<char, 16384> buffer{};
  if (::getpwnam_r(name.c_str(), &entry, buffer.data(), buffer.size(), &found) != 0 || found == nullptr) {
    return std::nullopt;
  }
  return UserIdentity{found->pw_name, found->pw_uid, found->pw_gid};
}

}  // namespace

std::optional<UserIdentity> user_to_check_as(const std::optional<std::string>& requested, std::string& error) {
  if (requested) {
    auto user = look_up(*requested);
    if (!user) error = "--user " + *requested + ": no such user";
    return user;
  }
  if (::geteuid() != 0) return std::nullopt;
  return look_up(kServiceUser);
}

int run_as_user(const UserIdentity& user, const std::function<int()>& check) {
  std::cout.flush();
  std::cerr.flush();
  const pid_t pid = ::fork();
  if (pid < 0) {
    std::cerr << "cannot start a process to check as user " << user.name << ": " << std::strerror(errno) << "\n";
    return 70;
  }
  if (pid == 0) {
    if (::geteuid() != user.uid) {
      if (::getuid() != 0 && ::geteuid() != 0) {
        std::fprintf(stderr, "cannot check as user %s: only root can\n", user.name.c_str());
        std::_Exit(70);
      }
      if (::initgroups(user.name.c_str(), user.gid) != 0 || ::setgid(user.gid) != 0 || ::setuid(user.uid) != 0 ||
          ::setuid(0) == 0) {
        std::fprintf(stderr, "cannot become user %s: %s\n", user.name.c_str(), std::strerror(errno));
        std::_Exit(70);
      }
    }
    const int code = check();
    std::cout.flush();
    std::cerr.flush();
    std::_Exit(code);
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

}  // namespace govsync::host
