#include "supervisor/worker_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <thread>
#include <vector>

#include "channel/messages.hpp"
#include "channel/protocol.hpp"
#include "supervisor/child_exit.hpp"
#include "supervisor/worker_output.hpp"
#include "worker/worker_main.hpp"

namespace govsync::host {
namespace {

// The environment a worker gets: no credentials, tokens or proxies of the
// supervisor's, only what locale and time need. Two malloc arenas keep a
// worker's address space (RLIMIT_AS) for its data, not for per-thread heaps.
std::vector<std::string> worker_environment() {
  std::vector<std::string> env{"PATH=/usr/sbin:/usr/bin:/sbin:/bin", "MALLOC_ARENA_MAX=2"};
  // Locale and time, and where OpenSSL finds a custom CA (TLS to Azure happens in the worker).
  for (const char* name : {"LANG", "LC_ALL", "TZ", "SSL_CERT_FILE", "SSL_CERT_DIR"}) {
    if (const char* value = std::getenv(name)) env.push_back(std::string(name) + "=" + value);
  }
  return env;
}

std::vector<char*> pointers_to(std::vector<std::string>& strings) {
  std::vector<char*> pointers;
  for (auto& s : strings) pointers.push_back(s.data());
  pointers.push_back(nullptr);
  return pointers;
}

// In the child, between fork and exec: async-signal-safe calls only. A limit
// that cannot be set is a refusal to run, never a worker without it.
[[noreturn]] void become_worker(int channel_fd, int output_fd, pid_t parent, const WorkerLimits& limits,
                                const char* executable, char* const argv[], char* const envp[], unsigned highest_fd) {
  if (::prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) ::_exit(static_cast<int>(channel::WorkerExit::limits_refused));
  if (::getppid() != parent) ::_exit(126);  // the supervisor is already gone
  const rlimit no_core{0, 0};
  const rlimit memory{limits.memory_bytes, limits.memory_bytes};
  if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 || ::setrlimit(RLIMIT_CORE, &no_core) != 0 ||
      ::setrlimit(RLIMIT_AS, &memory) != 0) {
    ::_exit(static_cast<int>(channel::WorkerExit::limits_refused));
  }
  // The supervisor decides about a terminal's interrupt and hangup; SIGTERM ends a worker as usual.
  sigset_t blocked;
  ::sigemptyset(&blocked);
  ::sigaddset(&blocked, SIGINT);
  ::sigaddset(&blocked, SIGHUP);
  ::sigprocmask(SIG_SETMASK, &blocked, nullptr);
  // The channel first, so that fds 1 and 2 cannot be it.
  if (channel_fd == kWorkerChannelFd) {
    ::fcntl(channel_fd, F_SETFD, 0);
  } else if (::dup2(channel_fd, kWorkerChannelFd) < 0) {
    ::_exit(static_cast<int>(channel::WorkerExit::limits_refused));
  }
  // stdout belongs to the supervisor's own output (`govsync run`'s table): both go to
  // the pipe the supervisor logs from, or, without one, to the supervisor's stderr.
  if (output_fd >= 0) {
    ::dup2(output_fd, STDOUT_FILENO);
    ::dup2(output_fd, STDERR_FILENO);
  } else {
    ::dup2(STDERR_FILENO, STDOUT_FILENO);
  }
  // Nothing else of the supervisor's (database sockets, the admin socket, other workers' channels) goes along.
  if (::syscall(SYS_close_range, kWorkerChannelFd + 1, ~0U, 0) != 0) {
    for (unsigned fd = kWorkerChannelFd + 1; fd <= highest_fd; ++fd) ::close(static_cast<int>(fd));
  }
  ::execve(executable, argv, envp);
  ::_exit(127);
}

}  // namespace

WorkerProcess::WorkerProcess(pid_t pid, int fd, std::filesystem::path plugin, std::unique_ptr<WorkerOutput> output)
    : pid_(pid),
      channel_(std::make_unique<channel::FrameChannel>(fd, std::chrono::seconds(5))),
      plugin_(std::move(plugin)),
      output_(std::move(output)) {}

WorkerProcess::~WorkerProcess() {
  if (!reaped_) reap(std::chrono::milliseconds(0));
}

StartedWorker WorkerProcess::start(const std::filesystem::path& plugin, const WorkerLimits& limits) {
  int fds[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) {
    return {nullptr, std::string("cannot create a worker channel: ") + std::strerror(errno), false};
  }
  std::vector<std::string> args{"govsync", "worker", "--plugin", plugin.string()};
  if (!limits.require_safe_permissions) args.emplace_back("--unchecked-permissions");
  auto env = worker_environment();
  auto argv = pointers_to(args);
  auto envp = pointers_to(env);
  const auto executable = limits.executable.string();
  const pid_t parent = ::getpid();
  rlimit files{};
  ::getrlimit(RLIMIT_NOFILE, &files);
  const auto highest_fd = static_cast<unsigned>(std::min<rlim_t>(files.rlim_cur, 65536));
  std::unique_ptr<WorkerOutput> output;
  try {
    output = std::make_unique<WorkerOutput>(plugin.string());
  } catch (const std::system_error& e) {
    spdlog::warn("a worker of {} writes to stderr directly: {}", plugin.string(), e.what());
  }
  const pid_t pid = ::fork();
  if (pid < 0) {
    const int error = errno;
    ::close(fds[0]);
    ::close(fds[1]);
    return {nullptr, std::string("cannot start a worker process: ") + std::strerror(error), false};
  }
  if (pid == 0) {
    become_worker(fds[1], output ? output->write_end() : -1, parent, limits, executable.c_str(), argv.data(),
                  envp.data(), highest_fd);
  }
  ::close(fds[1]);
  if (output) output->started(pid);
  return {std::unique_ptr<WorkerProcess>(new WorkerProcess(pid, fds[0], plugin, std::move(output))), {}, false};
}

channel::Received WorkerProcess::next_message(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    auto got = channel_->receive(std::max(left, std::chrono::milliseconds(0)));
    if (got.type() != channel::message::log) return got;
    std::string text;
    try {
      text = got.object->optValue<std::string>("text", "");
    } catch (const Poco::Exception&) {
      text = "(a log line that is not text)";
    }
    spdlog::log(channel::log_level_of(*got.object), "plugin file {} (worker {}): {}", plugin_.string(), pid_, text);
  }
}

bool WorkerProcess::has_exited() const {
  if (reaped_) return true;
  siginfo_t info{};
  return ::waitid(P_PID, static_cast<id_t>(pid_), &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid == pid_;
}

bool WorkerProcess::idle_and_healthy() {
  if (has_exited()) return false;
  pollfd p{channel_->fd(), POLLIN, 0};
  return ::poll(&p, 1, 0) == 0;  // readable or hung up: it spoke out of turn or its channel is gone
}

SingleLoad WorkerProcess::hello(std::chrono::milliseconds timeout) {
  auto got = next_message(timeout);
  SingleLoad load;
  if (got.type() == channel::message::hello) {
    try {
      if (got.object->optValue<int>("protocol", 0) != channel::kProtocolVersion) {
        throw std::runtime_error("protocol " + std::to_string(got.object->optValue<int>("protocol", 0)) +
                                 ", this supervisor speaks " + std::to_string(channel::kProtocolVersion) +
                                 " (restart govsync after an upgrade)");
      }
      load = channel::plugin_of_hello(*got.object, plugin_);
      if (load.plugin) plugin_name = load.plugin->info.name;
      return load;
    } catch (const std::exception& e) {
      load.failure = LoadFailure{plugin_, LoadFailureKind::cannot_open, "worker hello: " + std::string(e.what())};
      return load;
    }
  }
  std::string why;
  if (got.kind == channel::Received::Kind::timeout) {
    kill();
    why = "said nothing within " + std::to_string(timeout.count()) + " ms and was killed";
  } else {
    why = reap(std::chrono::seconds(2));
  }
  load.failure = LoadFailure{
      plugin_, LoadFailureKind::cannot_open,
      "loading " + plugin_.string() + " in a worker process (pid " + std::to_string(pid_) + ") failed: it " + why};
  return load;
}

void WorkerProcess::kill() {
  if (!reaped_) ::kill(pid_, SIGKILL);
}

std::string WorkerProcess::reap(std::chrono::milliseconds grace) {
  if (reaped_) return ended_;
  const auto deadline = std::chrono::steady_clock::now() + grace;
  int status = 0;
  for (;;) {
    const pid_t got = ::waitpid(pid_, &status, WNOHANG);
    if (got == pid_) break;
    if (got < 0 && errno != EINTR) {
      status = -1;
      break;
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      ::kill(pid_, SIGKILL);
      while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
      }
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  reaped_ = true;
  ended_ = status == -1 ? "ended (its status was already collected)" : exit_words(status);
  return ended_;
}

std::string WorkerProcess::stop(std::chrono::milliseconds grace) {
  channel_->shut_down();
  return reap(grace);
}

}  // namespace govsync::host
