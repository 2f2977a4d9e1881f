#include "logging/json_log_formatter.hpp"

#include <spdlog/details/log_msg.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <string>
#include <string_view>

#include "truncate/utf8_fit.hpp"

namespace govsync::host {
namespace {

void append(spdlog::memory_buf_t& dest, std::string_view text) { dest.append(text.data(), text.data() + text.size()); }

void append_escaped(spdlog::memory_buf_t& dest, std::string_view raw) {
  const std::string text = repair_utf8(raw);
  for (const char c : text) {
    switch (c) {
      case '"':
        append(dest, "\\\"");
        break;
      case '\\':
        append(dest, "\\\\");
        break;
      case '\n':
        append(dest, "\\n");
        break;
      case '\r':
        append(dest, "\\r");
        break;
      case '\t':
        append(dest, "\\t");
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char escaped[8];
          std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(static_cast<unsigned char>(c)));
          append(dest, escaped);
        } else {
          dest.push_back(c);
        }
    }
  }
}

void field(spdlog::memory_buf_t& dest, std::string_view name, std::string_view value, bool first = false) {
  append(dest, first ? "{\"" : ",\"");
  append(dest, name);
  append(dest, "\":\"");
  append_escaped(dest, value);
  dest.push_back('"');
}

}  // namespace

void JsonLogFormatter::format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) {
  const auto since_epoch = msg.time.time_since_epoch();
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(since_epoch);
  const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(since_epoch - seconds).count();
  const std::time_t t = seconds.count();
  std::tm utc{};
  gmtime_r(&t, &utc);
  char ts[96];
  std::snprintf(ts, sizeof ts, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday,
                utc.tm_hour, utc.tm_min, utc.tm_sec, static_cast<int>(millis));
  field(dest, "ts", ts, true);
  const auto level = spdlog::level::to_string_view(msg.level);
  field(dest, "level", std::string_view(level.data(), level.size()));
  const std::string_view logger(msg.logger_name.data(), msg.logger_name.size());
  field(dest, "logger", logger);
  // A run's logger is named domain/tenant#run_id: give each part its own field.
  const auto slash = logger.find('/');
  const auto hash = logger.rfind('#');
  if (slash != std::string_view::npos && hash != std::string_view::npos && hash > slash) {
    field(dest, "domain", logger.substr(0, slash));
    field(dest, "tenant", logger.substr(slash + 1, hash - slash - 1));
    append(dest, ",\"run_id\":");
    append(dest, logger.substr(hash + 1));
  }
  field(dest, "msg", std::string_view(msg.payload.data(), msg.payload.size()));
  append(dest, "}\n");
}

std::unique_ptr<spdlog::formatter> JsonLogFormatter::clone() const { return std::make_unique<JsonLogFormatter>(); }

}  // namespace govsync::host
