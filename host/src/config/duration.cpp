#include "config/duration.hpp"

#include <charconv>
#include <cstdint>

namespace govsync::host {

std::optional<std::chrono::seconds> parse_duration(std::string_view text) {
  if (text.size() < 2) return std::nullopt;
  const char unit = text.back();
  const std::string_view digits = text.substr(0, text.size() - 1);
  std::int64_t multiplier = 0;
  switch (unit) {
    case 's':
      multiplier = 1;
      break;
    case 'm':
      multiplier = 60;
      break;
    case 'h':
      multiplier = 3600;
      break;
    case 'd':
      multiplier = 86400;
      break;
    default:
      return std::nullopt;
  }
  std::int64_t count = 0;
  const auto* end = digits.data() + digits.size();
  const auto [ptr, ec] = std::from_chars(digits.data(), end, count);
  if (ec != std::errc{} || ptr != end || count < 0) return std::nullopt;
  if (count > kLongestDuration.count() / multiplier) return std::nullopt;
  return std::chrono::seconds(count * multiplier);
}

std::string format_duration(std::chrono::seconds value) {
  const auto s = value.count();
  if (s != 0 && s % 86400 == 0) return std::to_string(s / 86400) + "d";
  if (s != 0 && s % 3600 == 0) return std::to_string(s / 3600) + "h";
  if (s != 0 && s % 60 == 0) return std::to_string(s / 60) + "m";
  return std::to_string(s) + "s";
}

}  // namespace govsync::host
