#pragma once
// Durations in configuration files: a whole number and a unit, e.g. 30s, 15m, 4h, 1d.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace govsync::host {

/// The longest duration a configuration may give: 10 years (3650d). Longer
/// ones would overflow the scheduler's clock arithmetic.
constexpr std::chrono::seconds kLongestDuration{3650LL * 86400};

/// Parses "30s", "15m", "4h" or "1d" up to kLongestDuration; nothing for anything else.
std::optional<std::chrono::seconds> parse_duration(std::string_view text);

/// Formats seconds back into the largest exact unit ("90s", "15m", "4h").
std::string format_duration(std::chrono::seconds value);

}  // namespace govsync::host
