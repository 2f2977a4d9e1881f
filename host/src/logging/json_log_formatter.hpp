#pragma once
// One JSON object per log line, for log collectors.

#include <spdlog/formatter.h>

#include <memory>

namespace govsync::host {

/// Formats each message as {"ts","level","logger","msg"} and, for a run's
/// logger (named "domain/tenant#run_id"), "domain", "tenant" and "run_id".
/// The message is escaped, and invalid UTF-8 in it is replaced, so every line parses.
class JsonLogFormatter final : public spdlog::formatter {
 public:
  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override;
  std::unique_ptr<spdlog::formatter> clone() const override;
};

}  // namespace govsync::host
