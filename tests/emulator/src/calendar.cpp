#include "calendar.hpp"

#include <cstdio>

namespace govsync::emulator {

Day today_utc() { return std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()); }

std::string iso_date(Day day) {
  const std::chrono::year_month_day ymd(day);
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buffer;
}

std::int64_t yyyymmdd(Day day) {
  const std::chrono::year_month_day ymd(day);
  return static_cast<std::int64_t>(static_cast<int>(ymd.year())) * 10000 +
         static_cast<std::int64_t>(static_cast<unsigned>(ymd.month())) * 100 +
         static_cast<std::int64_t>(static_cast<unsigned>(ymd.day()));
}

std::string iso_datetime(Day day, std::int64_t seconds) {
  const auto whole_days = seconds >= 0 ? seconds / 86400 : -((-seconds + 86399) / 86400);
  const auto rest = seconds - whole_days * 86400;
  const Day shifted = day + std::chrono::days(whole_days);
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%sT%02lld:%02lld:%02lldZ", iso_date(shifted).c_str(),
                static_cast<long long>(rest / 3600), static_cast<long long>((rest / 60) % 60),
                static_cast<long long>(rest % 60));
  return buffer;
}

std::string rfc3339_datetime(Day day, std::int64_t seconds, std::uint64_t spelling) {
  auto text = iso_datetime(day, seconds);
  if (spelling % 3 == 0) return text;
  char fraction[16];
  std::snprintf(fraction, sizeof fraction, ".%07llu", static_cast<unsigned long long>((spelling / 3) % 10000000));
  text.pop_back();  // the Z
  return text + fraction + (spelling % 3 == 1 ? "Z" : "+00:00");
}

namespace {
std::pair<Day, std::int64_t> now_parts() {
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  const Day day = std::chrono::floor<std::chrono::days>(now);
  return {day, (now - day).count()};
}
}  // namespace

std::string entra_timestamp_now() {
  const auto [day, seconds] = now_parts();
  std::string text = iso_datetime(day, seconds);
  text[10] = ' ';
  return text;
}

std::string iso_datetime_now() {
  const auto [day, seconds] = now_parts();
  return iso_datetime(day, seconds);
}

std::optional<Day> parse_iso_date(std::string_view text) {
  int year = 0;
  unsigned month = 0;
  unsigned day = 0;
  const std::string head(text.substr(0, 10));
  if (head.size() != 10 || std::sscanf(head.c_str(), "%4d-%2u-%2u", &year, &month, &day) != 3) return std::nullopt;
  const std::chrono::year_month_day ymd{std::chrono::year(year), std::chrono::month(month), std::chrono::day(day)};
  if (!ymd.ok()) return std::nullopt;
  return Day(ymd);
}

std::int64_t epoch_ms_now() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::int64_t epoch_seconds_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace govsync::emulator
