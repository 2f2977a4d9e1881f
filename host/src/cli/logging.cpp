#include "cli/logging.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <string>

namespace govsync::host {

void setup_logging() {
  auto log = spdlog::stderr_color_mt("govsync");
  log->set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ [%n] %v");
  spdlog::set_default_logger(log);
  log->set_level(spdlog::level::info);
  const char* wanted = std::getenv("GOVSYNC_LOG_LEVEL");
  if (wanted == nullptr || *wanted == '\0') return;
  std::string name(wanted);
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
  if (name == "warning") name = "warn";
  // spdlog maps any unknown name to "off", which would silence truncation and failure reports.
  const auto level = spdlog::level::from_str(name);
  if (level == spdlog::level::off && name != "off") {
    log->warn("GOVSYNC_LOG_LEVEL={} is not a level (trace, debug, info, warn, error, critical, off); using info",
              wanted);
    return;
  }
  log->set_level(level);
}

}  // namespace govsync::host
