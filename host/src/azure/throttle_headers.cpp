#include "azure/throttle_headers.hpp"

#include <algorithm>
#include <charconv>
#include <regex>

#include "azure/retry_policy.hpp"

namespace govsync::host {
namespace {

bool ends_with(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::optional<long long> count_of(const std::string& text) {
  long long value = 0;
  const auto* end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, value);
  if (error != std::errc() || stop != end || value < 0) return std::nullopt;
  return value;
}

std::optional<std::chrono::milliseconds> hh_mm_ss(const std::string& text) {
  static const std::regex form(R"(^(\d{1,2}):(\d{2}):(\d{2})$)");
  std::smatch parts;
  if (!std::regex_match(text, parts, form)) return std::nullopt;
  const auto seconds = std::stoll(parts[1]) * 3600 + std::stoll(parts[2]) * 60 + std::stoll(parts[3]);
  return std::chrono::milliseconds(seconds * 1000);
}

}  // namespace

std::optional<std::chrono::milliseconds> requested_wait(const ThrottleHeaders& headers,
                                                        std::chrono::system_clock::time_point now,
                                                        std::chrono::milliseconds longest) {
  std::optional<std::chrono::milliseconds> wait;
  for (const auto& [name, value] : headers) {
    const bool asks_to_wait =
        name == "retry-after" || (name.rfind("x-ms-ratelimit-", 0) == 0 && ends_with(name, "-retry-after"));
    if (!asks_to_wait) continue;
    if (const auto asked = parse_retry_after(value, now, longest)) wait = std::max(wait.value_or(*asked), *asked);
  }
  return wait;
}

QuotaReading quota_reading(const ThrottleHeaders& headers) {
  QuotaReading reading;
  for (const auto& [name, value] : headers) {
    if (name == "x-ms-user-quota-remaining") {
      reading.window_remaining = count_of(value);
    } else if (name == "x-ms-user-quota-resets-after") {
      reading.window_resets_after = hh_mm_ss(value);
    } else if (name == "x-ms-ratelimit-remaining-subscription-reads" ||
               name == "x-ms-ratelimit-remaining-tenant-reads") {
      if (const auto left = count_of(value))
        reading.reads_remaining = std::min(reading.reads_remaining.value_or(*left), *left);
    }
  }
  // A remaining count without its reset time says nothing about when to go on.
  if (!reading.window_resets_after) reading.window_remaining.reset();
  return reading;
}

}  // namespace govsync::host
