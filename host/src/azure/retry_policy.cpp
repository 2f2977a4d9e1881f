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
                                                           std::chrono::system_clock::time_point now) {
  if (header.empty()) return std::nullopt;
  long long seconds = 0;
  const auto [end, ec] = std::from_chars(header.data(), header.data() + header.size(), seconds);
  if (ec == std::errc{} && end == header.data() + header.size()) {
    return std::chrono::milliseconds(std::max(0LL, seconds) * 1000);
  }
  // HTTP dates are IMF-fixdate (RFC 7231): "Tue, 14 Nov 2023 22:13:25 GMT". Poco's parser is lenient, so check the form
  // first.
  static const std::regex imf_fixdate(R"(^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$)");
  if (!std::regex_match(header, imf_fixdate)) return std::nullopt;
  try {
    int zone = 0;
    const auto when = Poco::DateTimeParser::parse(Poco::DateTimeFormat::HTTP_FORMAT, header, zone);
    const auto at =
        std::chrono::system_clock::time_point(std::chrono::microseconds(when.timestamp().epochMicroseconds()));
    return std::max(std::chrono::milliseconds(0), std::chrono::duration_cast<std::chrono::milliseconds>(at - now));
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
