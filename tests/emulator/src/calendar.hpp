#pragma once
// Dates and times in UTC. Generated data is anchored to the start of the
// current UTC day, so it is identical for every request made the same day.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace govsync::emulator {

using Day = std::chrono::sys_days;

Day today_utc();
/// "2026-11-01"
std::string iso_date(Day day);
/// 20261101
std::int64_t yyyymmdd(Day day);
/// "2026-11-01T13:04:05Z" for `seconds` after the start of `day`.
std::string iso_datetime(Day day, std::int64_t seconds);
/// `seconds` after the start of `day` in one of the spellings the services
/// send for the same kind of field, picked by `spelling`: "2026-11-01T13:04:05Z",
/// "2026-11-01T13:04:05.1234567Z" or "2026-11-01T13:04:05.1234567+00:00".
/// ARM declares these fields `"format": "date-time"` (OpenAPI) and Graph
/// `Edm.DateTimeOffset`; both mean RFC 3339 section 5.6 date-time, whose
/// time-secfrac has any number of digits and whose offset is "Z" or "+00:00".
/// Real answers mix them (.NET's round-trip "o" format gives seven digits).
std::string rfc3339_datetime(Day day, std::int64_t seconds, std::uint64_t spelling);
/// "2026-11-01 13:04:05Z" (the Entra error timestamp format), now.
std::string entra_timestamp_now();
/// "2026-11-01T13:04:05Z", now.
std::string iso_datetime_now();
/// Parses the date part of "2026-11-01" or "2026-11-01T00:00:00Z".
std::optional<Day> parse_iso_date(std::string_view text);
/// Milliseconds since the Unix epoch.
std::int64_t epoch_ms_now();
std::int64_t epoch_seconds_now();

}  // namespace govsync::emulator
