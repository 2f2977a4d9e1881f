#include "azure/retry_policy.hpp"

#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeParser.h>
#include <Poco/Exception.h>

#include <algorithm>
#include <charconv>
#include <regex>

namespace govsync::host {

bool is_retryable_status(int status) {
  return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
}

std::optional<std::chrono::milliseconds> parse_retry_after(const std::string& header,
                                                           std::chrono::system_clock::time_point now,
                                                           std::chrono::milliseconds longest) {
  if (header.empty()) return std::nullopt;
  const auto clamp = [&](std::chrono::milliseconds wait) {
    return std::clamp(wait, std::chrono::milliseconds(0), longest);
  };
  // Delta-seconds: digits only; more digits than any wait needs mean "longer than longest".
  if (std::all_of(header.begin(), header.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    if (header.size() > 9) return longest;
    long long seconds = 0;
    std::from_chars(header.data(), header.data() + header.size(), seconds);
    return clamp(std::chrono::milliseconds(seconds * 1000));
  }
  // HTTP dates are IMF-fixdate (RFC 7231): "Tue, 14 Nov 2023 22:13:25 GMT". Poco's parser is lenient, so check the form
  // first.
  static const std::regex imf_fixdate(R"(^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$)");
  if (!std::regex_match(header, imf_fixdate)) return std::nullopt;
  try {
    int zone = 0;
    const auto when = Poco::DateTimeParser::parse(Poco::DateTimeFormat::HTTP_FORMAT, header, zone);
    // In microseconds since the epoch: a far date in nanoseconds would overflow.
    const auto now_us = std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()).count();
    const auto ahead_us = when.timestamp().epochMicroseconds() - now_us;
    return clamp(std::chrono::milliseconds(std::min<long long>(ahead_us, longest.count() * 1000LL) / 1000));
  } catch (const Poco::Exception&) {
    return std::nullopt;
  }
}

std::chrono::milliseconds backoff_delay(int retry, std::mt19937_64& random, std::chrono::milliseconds base,
                                        std::chrono::milliseconds cap) {
  const int doublings = std::clamp(retry - 1, 0, 20);
  const std::chrono::milliseconds ceiling = std::min(cap, std::chrono::milliseconds(base.count() << doublings));
  std::uniform_int_distribution<long long> spread(ceiling.count() / 2, ceiling.count());
  return std::chrono::milliseconds(spread(random));
}

}  // namespace govsync::host
