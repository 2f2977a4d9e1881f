#pragma once
/// \file
/// Points in time: reading the forms Azure and Graph send, and the one text
/// form govsync stores. The writer stores every value of a timestamp column
/// (TIMESTAMPTZ, TIMESTAMP, DATETIME) in that form on SQLite and as the same
/// instant on PostgreSQL, so a plugin may hand it the API's text as it came,
/// or a Timestamp. (SDK 1.2)

#include <chrono>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace govsync {

/// A point in time, UTC, to the microsecond (PostgreSQL's resolution).
using Timestamp = std::chrono::sys_time<std::chrono::microseconds>;

namespace timestamp_detail {

// Reads exactly `count` digits at `at`, advancing it; nothing if any is not a digit.
inline std::optional<int> digits(std::string_view text, std::size_t& at, std::size_t count) {
  if (text.size() - at < count) return std::nullopt;
  int value = 0;
  for (std::size_t i = 0; i < count; ++i) {
    const char c = text[at + i];
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  at += count;
  return value;
}

// Reads `:`-separated minutes (or `HHMM`) of an offset after its hours; nothing on bad text.
inline std::optional<int> offset_minutes(std::string_view text, std::size_t& at) {
  const auto hours = digits(text, at, 2);
  if (!hours || *hours > 23) return std::nullopt;
  int minutes = 0;
  if (at < text.size()) {
    if (text[at] == ':') ++at;
    const auto read = digits(text, at, 2);
    if (!read || *read > 59) return std::nullopt;
    minutes = *read;
  }
  return *hours * 60 + minutes;
}

}  // namespace timestamp_detail

/// Reads an RFC 3339 / ISO 8601 timestamp: `YYYY-MM-DD`, optionally followed
/// by `T` (or `t` or one space) and `HH:MM`, then optionally `:SS` and a
/// fraction of any length, then optionally `Z`, `z`, `+HH:MM`, `-HH:MM`,
/// `+HHMM` or `+HH`. Without an offset the time is UTC; a date alone is its
/// midnight. Digits beyond the microsecond are dropped (not rounded), and a
/// leap second (`:60`) is the first second of the next minute, as PostgreSQL
/// reads it. Nothing for any other text (leading or trailing text included),
/// for an impossible date such as 2023-02-30, or for an instant outside the
/// years 0001 to 9999 in UTC.
inline std::optional<Timestamp> parse_timestamp(std::string_view text) {
  using namespace std::chrono;
  using timestamp_detail::digits;
  std::size_t at = 0;
  const auto year = digits(text, at, 4);
  if (!year || at >= text.size() || text[at++] != '-') return std::nullopt;
  const auto month = digits(text, at, 2);
  if (!month || at >= text.size() || text[at++] != '-') return std::nullopt;
  const auto day = digits(text, at, 2);
  if (!day) return std::nullopt;
  const year_month_day date{std::chrono::year(*year), std::chrono::month(static_cast<unsigned>(*month)),
                            std::chrono::day(static_cast<unsigned>(*day))};
  if (*year < 1 || !date.ok()) return std::nullopt;
  microseconds time_of_day{0};
  if (at < text.size() && (text[at] == 'T' || text[at] == 't' || text[at] == ' ')) {
    ++at;
    const auto hour = digits(text, at, 2);
    if (!hour || *hour > 23 || at >= text.size() || text[at++] != ':') return std::nullopt;
    const auto minute = digits(text, at, 2);
    if (!minute || *minute > 59) return std::nullopt;
    int second = 0;
    std::int64_t micros = 0;
    if (at < text.size() && text[at] == ':') {
      ++at;
      const auto read = digits(text, at, 2);
      if (!read || *read > 60) return std::nullopt;
      second = *read;
      if (at < text.size() && (text[at] == '.' || text[at] == ',')) {
        ++at;
        std::size_t fraction_digits = 0;
        for (; at < text.size() && text[at] >= '0' && text[at] <= '9'; ++at, ++fraction_digits) {
          if (fraction_digits < 6) micros = micros * 10 + (text[at] - '0');
        }
        if (fraction_digits == 0) return std::nullopt;
        for (; fraction_digits < 6; ++fraction_digits) micros *= 10;
      }
    }
    time_of_day = hours(*hour) + minutes(*minute) + seconds(second) + microseconds(micros);
    if (at < text.size() && (text[at] == 'Z' || text[at] == 'z')) {
      ++at;
    } else if (at < text.size() && (text[at] == '+' || text[at] == '-')) {
      const bool east = text[at++] == '+';
      const auto offset = timestamp_detail::offset_minutes(text, at);
      if (!offset) return std::nullopt;
      time_of_day -= minutes(east ? *offset : -*offset);
    }
  }
  if (at != text.size()) return std::nullopt;
  const Timestamp instant = sys_days(date) + time_of_day;
  const auto utc_year = year_month_day(floor<days>(instant)).year();
  if (utc_year < std::chrono::year(1) || utc_year > std::chrono::year(9999)) return std::nullopt;
  return instant;
}

/// The canonical text of a point in time: `YYYY-MM-DDTHH:MM:SS.ffffffZ`,
/// always 27 characters, UTC, six fractional digits, so comparing two such
/// texts compares the instants. Throws std::out_of_range outside the years
/// 0001 to 9999 (UTC).
inline std::string format_timestamp(Timestamp at) {
  using namespace std::chrono;
  // Compared before any calendar arithmetic, which could overflow near the ends of the type.
  constexpr auto first = sys_days(std::chrono::year(1) / January / 1);
  constexpr auto after_last = sys_days(std::chrono::year(10000) / January / 1);
  if (at < first || at >= after_last) throw std::out_of_range("govsync::format_timestamp: not within the years 1-9999");
  const auto day = floor<days>(at);
  const year_month_day date(day);
  const hh_mm_ss<microseconds> time(at - day);
  char text[32];
  auto put = [&text](std::size_t position, std::int64_t value, std::size_t width) {
    for (std::size_t i = width; i-- > 0; value /= 10) text[position + i] = static_cast<char>('0' + value % 10);
  };
  put(0, static_cast<int>(date.year()), 4);
  text[4] = '-';
  put(5, static_cast<unsigned>(date.month()), 2);
  text[7] = '-';
  put(8, static_cast<unsigned>(date.day()), 2);
  text[10] = 'T';
  put(11, time.hours().count(), 2);
  text[13] = ':';
  put(14, time.minutes().count(), 2);
  text[16] = ':';
  put(17, time.seconds().count(), 2);
  text[19] = '.';
  put(20, time.subseconds().count(), 6);
  text[26] = 'Z';
  return std::string(text, 27);
}

/// The canonical text of an RFC 3339 / ISO 8601 timestamp as parse_timestamp
/// reads it; nothing when it reads none.
inline std::optional<std::string> canonical_timestamp(std::string_view text) {
  const auto instant = parse_timestamp(text);
  if (!instant) return std::nullopt;
  return format_timestamp(*instant);
}

}  // namespace govsync
