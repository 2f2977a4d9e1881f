#include "request_log.hpp"

#include "json_writer.hpp"

namespace govsync::emulator {

RequestLog::Ticket RequestLog::begin(const std::string& method, const std::string& path, const std::string& query,
                                     std::int64_t started_ms, const std::string& client) {
  std::lock_guard lock(mutex_);
  entries_.push_back({method, path, query, "", client, 0, started_ms, 0});
  return {generation_, entries_.size() - 1};
}

void RequestLog::finish(const Ticket& ticket, const std::string& tenant, int status, std::int64_t duration_ms) {
  std::lock_guard lock(mutex_);
  if (ticket.generation != generation_ || ticket.index >= entries_.size()) return;
  auto& entry = entries_[ticket.index];
  entry.tenant = tenant;
  entry.status = status;
  entry.duration_ms = duration_ms;
}

void RequestLog::clear() {
  std::lock_guard lock(mutex_);
  entries_.clear();
  ++generation_;
}

std::string RequestLog::to_json() const {
  std::lock_guard lock(mutex_);
  JsonWriter json;
  json.begin_object().key("requests").begin_array();
  for (const auto& entry : entries_) {
    json.begin_object().field("method", entry.method).field("path", entry.path).field("query", entry.query);
    json.field("tenant", entry.tenant).field("client", entry.client).field_int("status", entry.status);
    json.field_int("started_ms", entry.started_ms).field_int("duration_ms", entry.duration_ms).end_object();
  }
  json.end_array().end_object();
  return json.take();
}

}  // namespace govsync::emulator
