#pragma once
// The emulator's state and request dispatch: token endpoints, /_emulator/
// control routes, and API requests (bearer check, latency, faults, handler).

#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "http_types.hpp"
#include "read_quota.hpp"
#include "request_log.hpp"
#include "scenario.hpp"
#include "tokens.hpp"

namespace govsync::emulator {

class Emulator {
 public:
  Emulator(std::shared_ptr<const Scenario> scenario, std::filesystem::path scenario_dir);

  void set_port(int port);
  Response handle(const Request& request);
  /// Wakes every sleeping request; later sleeps return at once.
  void shut_down();

 private:
  Response dispatch(const Request& request, std::string& tenant);
  Response handle_control(const Request& request);
  Response handle_api(const Request& request, std::string& tenant);
  std::shared_ptr<const Scenario> scenario() const;
  std::uint64_t next_request_number(const std::string& tenant);
  void sleep_ms(int ms);

  mutable std::mutex mutex_;
  std::shared_ptr<const Scenario> scenario_;
  std::filesystem::path scenario_dir_;
  std::map<std::string, std::uint64_t> request_numbers_;
  std::string base_url_;
  TokenAuthority tokens_;
  RequestLog log_;
  ReadQuota quota_;

  std::mutex sleep_mutex_;
  std::condition_variable sleep_wakeup_;
  bool stopping_ = false;
};

}  // namespace govsync::emulator
