#pragma once
// Durations in configuration files: a whole number and a unit, e.g. 30s, 15m, 4h, 1d.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace govsync::host {

/// Parses "30s", "15m", "4h" or "1d"; nothing for anything else.
std::optional<std::chrono::seconds> parse_duration(std::string_view text);

/// Formats seconds back into the largest exact unit ("90s", "15m", "4h").
std::string format_duration(std::chrono::seconds value);

}  // namespace govsync::host
