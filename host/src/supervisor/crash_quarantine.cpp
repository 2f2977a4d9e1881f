#include "supervisor/crash_quarantine.hpp"

#include <algorithm>
#include <ctime>

namespace govsync::host {
namespace {

std::string utc_text(CrashQuarantine::Clock::time_point t) {
  const auto seconds = CrashQuarantine::Clock::to_time_t(t);
  std::tm tm{};
  ::gmtime_r(&seconds, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

}  // namespace

std::string plugin_key(const std::string& plugin) { return "plugin " + plugin; }
std::string pair_key(const std::string& domain, const std::string& tenant) { return domain + "/" + tenant; }

CrashQuarantine::CrashQuarantine(int crashes, std::chrono::seconds first_pause, std::chrono::seconds max_pause)
    : crashes_(crashes), first_pause_(first_pause), max_pause_(max_pause) {}

std::optional<std::chrono::seconds> CrashQuarantine::crashed(const std::string& key, const std::string& why,
                                                             Clock::time_point now) {
  std::lock_guard lock(mutex_);
  auto& r = records_[key];
  r.last_death = why;
  if (++r.in_a_row < crashes_) return std::nullopt;
  r.in_a_row = 0;
  auto pause = first_pause_;
  for (int i = 0; i < r.quarantines && pause < max_pause_; ++i) pause *= 2;
  pause = std::min(pause, max_pause_);
  ++r.quarantines;
  r.until = now + pause;
  return pause;
}

void CrashQuarantine::succeeded(const std::string& key) {
  std::lock_guard lock(mutex_);
  records_.erase(key);
}

namespace {

std::string words(const std::string& key, const CrashQuarantine::Clock::time_point until, int crashes,
                  const std::string& last_death) {
  return key + " is quarantined until " + utc_text(until) + " after " + std::to_string(crashes) +
         " worker deaths in a row (last: " + last_death + "); a successful run or a reload clears it";
}

}  // namespace

std::string CrashQuarantine::held(const std::string& key, Clock::time_point now) const {
  std::lock_guard lock(mutex_);
  const auto it = records_.find(key);
  if (it == records_.end() || !it->second.until || *it->second.until <= now) return {};
  return words(key, *it->second.until, crashes_, it->second.last_death);
}

std::vector<std::pair<std::string, std::string>> CrashQuarantine::held_keys(Clock::time_point now) const {
  std::lock_guard lock(mutex_);
  std::vector<std::pair<std::string, std::string>> keys;
  for (const auto& [key, r] : records_) {
    if (r.until && *r.until > now) keys.emplace_back(key, words(key, *r.until, crashes_, r.last_death));
  }
  return keys;
}

void CrashQuarantine::clear() {
  std::lock_guard lock(mutex_);
  records_.clear();
}

}  // namespace govsync::host
