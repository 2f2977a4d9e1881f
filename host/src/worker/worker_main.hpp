#pragma once
// `govsync worker`: the hidden command a worker process runs. It loads one
// plugin, says hello, takes its configuration, then runs one run at a time
// until the supervisor closes the channel.

#include <string>
#include <vector>

namespace govsync::host {

/// The descriptor number a worker's channel has in the worker.
inline constexpr int kWorkerChannelFd = 3;

int command_worker(const std::vector<std::string>& args);

}  // namespace govsync::host
