#pragma once
// Every limit the supervisor puts on a worker process ([plugins]).

#include <chrono>
#include <cstdint>
#include <filesystem>

namespace govsync::host {

struct WorkerLimits {
  /// The govsync executable a worker runs (this very one).
  std::filesystem::path executable = "/proc/self/exe";
  /// RLIMIT_AS of each worker: an allocation past it fails in the worker alone.
  std::uint64_t memory_bytes = 1ULL << 30;
  /// A worker is recycled after this many runs...
  int max_runs = 100;
  /// ...or when its resident memory at the end of a run is over this.
  std::uint64_t recycle_resident_bytes = 512ULL << 20;
  /// After a cancel (timeout, shutdown), how long a worker has to stop before SIGKILL.
  std::chrono::milliseconds stop_grace{std::chrono::seconds(5)};
  /// Whether a worker checks the plugin file it loads ([plugins] require_safe_permissions).
  bool require_safe_permissions = true;
  /// How long a new worker has to load its plugin and say hello.
  std::chrono::milliseconds start_timeout{std::chrono::seconds(30)};
};

}  // namespace govsync::host
