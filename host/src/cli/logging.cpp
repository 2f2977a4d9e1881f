#include "cli/logging.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdlib>

namespace govsync::host {

void setup_logging() {
  auto log = spdlog::stderr_color_mt("govsync");
  log->set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ [%n] %v");
  const char* level = std::getenv("GOVSYNC_LOG_LEVEL");
  log->set_level(level != nullptr ? spdlog::level::from_str(level) : spdlog::level::info);
  spdlog::set_default_logger(log);
}

}  // namespace govsync::host
