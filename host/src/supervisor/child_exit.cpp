#include "supervisor/child_exit.hpp"

#include <sys/wait.h>

#include <cstring>

#include "channel/protocol.hpp"

namespace govsync::host {

std::string exit_words(int wait_status) {
  if (WIFEXITED(wait_status)) {
    const int code = WEXITSTATUS(wait_status);
    std::string words = "exited with code " + std::to_string(code);
    if (code == static_cast<int>(channel::WorkerExit::protocol_error)) words += " (a channel protocol error)";
    if (code == static_cast<int>(channel::WorkerExit::plugin_unloadable)) words += " (the plugin could not be loaded)";
    if (code == static_cast<int>(channel::WorkerExit::limits_refused)) {
      words +=
          " (it could not set its limits: RLIMIT_AS, RLIMIT_CORE, PR_SET_PDEATHSIG or no_new_privs was refused; "
          "a seccomp filter must allow setrlimit and prctl)";
    }
    return words;
  }
  if (WIFSIGNALED(wait_status)) {
    const int signal = WTERMSIG(wait_status);
    const char* name = ::sigdescr_np(signal);
    return "was terminated by signal " + std::to_string(signal) + ": " + (name != nullptr ? name : "unknown signal") +
           (WCOREDUMP(wait_status) ? " (core dumped)" : "");
  }
  return "ended with an unrecognised wait status " + std::to_string(wait_status);
}

}  // namespace govsync::host
