#include "bench_process.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <string>
#include <thread>

#include "test_paths.hpp"

namespace govsync::bench {
namespace {

// VmHWM of a live process in KiB; 0 when it cannot be read.
long status_kib(int pid, const std::string& field);
long high_water_rss_kib(int pid) { return status_kib(pid, "VmHWM:"); }

long status_kib(int pid, const std::string& field) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind(field, 0) == 0) return std::stol(line.substr(field.size()));
  }
  return 0;
}

// Proportional set size of a process in KiB: its private pages plus its share
// of pages it shares (the libraries every worker maps are counted once in all).
long pss_kib(int pid) {
  std::ifstream rollup("/proc/" + std::to_string(pid) + "/smaps_rollup");
  for (std::string line; std::getline(rollup, line);) {
    if (line.rfind("Pss:", 0) == 0) return std::stol(line.substr(4));
  }
  return 0;
}

// The memory of a process and of its children (one level: govsync's workers,
// which one of its threads forks, so every thread's children count), in KiB:
// summed PSS, since summed RSS would count each shared library once per process.
long tree_rss_kib(int pid) {
  long total = pss_kib(pid);
  const auto tasks = "/proc/" + std::to_string(pid) + "/task";
  std::error_code ec;
  for (const auto& task : std::filesystem::directory_iterator(tasks, ec)) {
    std::ifstream children(task.path() / "children");
    for (int child = 0; children >> child;) total += pss_kib(child);
  }
  return total;
}

}  // namespace

Child::Child(const std::filesystem::path& program, const std::vector<std::string>& args,
             const std::filesystem::path& log) {
  const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  if (fd < 0) throw std::runtime_error("cannot open " + log.string());
  std::vector<std::string> argv_text{program.string()};
  argv_text.insert(argv_text.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& arg : argv_text) argv.push_back(arg.data());
  argv.push_back(nullptr);
  // posix_spawn returns once the child runs the program, so nothing read
  // from /proc about the child describes a copy of this process.
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fd, STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, fd, STDERR_FILENO);
  posix_spawn_file_actions_addclose(&actions, fd);
  started_ = std::chrono::steady_clock::now();
  pid_t pid = -1;
  const int error = ::posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(fd);
  if (error != 0) throw std::runtime_error("cannot start " + program.string() + ": " + std::strerror(error));
  pid_ = pid;
  // The kernel's ru_maxrss of a child also counts this process's pages it
  // held before exec, so a benchmark grown large would show in its children:
  // sample the child's own high-water mark instead, which exec started afresh.
  sampler_ = std::jthread([this, pid](const std::stop_token& stop) {
    while (!stop.stop_requested()) {
      const long kib = high_water_rss_kib(pid);
      if (kib > peak_rss_kib_.load()) peak_rss_kib_.store(kib);
      const long tree = tree_rss_kib(pid);
      if (tree > peak_tree_rss_kib_.load()) peak_tree_rss_kib_.store(tree);
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  });
}

Child::~Child() {
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
}

void Child::signal(int signal) const {
  if (pid_ > 0) ::kill(pid_, signal);
}

Finished Child::wait() {
  Finished finished;
  if (pid_ <= 0) return finished;
  int status = 0;
  ::waitpid(pid_, &status, 0);
  sampler_.request_stop();
  sampler_.join();
  pid_ = -1;
  finished.peak_rss_kib = peak_rss_kib_.load();
  finished.peak_tree_rss_kib = peak_tree_rss_kib_.load();
  finished.seconds = seconds_since(started_);
  finished.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return finished;
}

Finished run_govsync_measured(const std::vector<std::string>& args, const std::filesystem::path& log) {
  Child child(GOVSYNC_TEST_BINARY, args, log);
  return child.wait();
}

double seconds_since(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

}  // namespace govsync::bench
