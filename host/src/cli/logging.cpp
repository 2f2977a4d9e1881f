#include "cli/logging.hpp"

#include "config/settings.hpp"
#include "logging/json_log_formatter.hpp"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

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

std::string apply_log_settings(const LogSettings& settings) {
  auto log = spdlog::default_logger();
  const bool json = settings.format == "json" || (settings.format == "auto" && ::isatty(STDERR_FILENO) == 0);
  std::vector<spdlog::sink_ptr> sinks{std::make_shared<spdlog::sinks::stderr_color_sink_mt>()};
  std::string problem;
  if (!settings.file.empty()) {
    try {
      sinks.push_back(
          std::make_shared<spdlog::sinks::rotating_file_sink_mt>(settings.file.string(), 10 * 1024 * 1024, 5));
    } catch (const spdlog::spdlog_ex& e) {
      problem = "[log] file " + settings.file.string() + " cannot be opened: " + e.what();
    }
  }
  for (auto& sink : sinks) {
    if (json || &sink != &sinks.front()) {
      sink->set_formatter(json ? std::unique_ptr<spdlog::formatter>(std::make_unique<JsonLogFormatter>())
                               : std::make_unique<spdlog::pattern_formatter>("%Y-%m-%dT%H:%M:%S.%e %l [%n] %v"));
    } else {
      sink->set_formatter(std::make_unique<spdlog::pattern_formatter>("%Y-%m-%dT%H:%M:%S.%e %^%l%$ [%n] %v"));
    }
  }
  auto configured = std::make_shared<spdlog::logger>("govsync", sinks.begin(), sinks.end());
  const char* forced = std::getenv("GOVSYNC_LOG_LEVEL");
  configured->set_level(forced != nullptr && *forced != '\0' ? log->level() : spdlog::level::from_str(settings.level));
  spdlog::set_default_logger(configured);
  return problem;
}

}  // namespace govsync::host
