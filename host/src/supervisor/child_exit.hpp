#pragma once
// How a worker process ended, in words: the run's error and the log line both
// come from here.

#include <string>

namespace govsync::host {

/// "exited with code N" / "was terminated by signal 11: Segmentation fault".
std::string exit_words(int wait_status);

}  // namespace govsync::host
