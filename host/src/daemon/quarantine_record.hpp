#pragma once
// What the daemon holds back after runs killed their worker repeatedly, put
// where `govsync status` and `govsync plugins` can see it: the
// daemon_quarantines table, rewritten when it changes.

#include <string>
#include <vector>

#include "daemon/daemon_state.hpp"

namespace govsync::host {

class QuarantineRecord {
 public:
  QuarantineRecord(Database& db, std::string hostname);

  /// Writes `held` when it differs from what was written last; a database
  /// error is logged and the write tried again at the next call.
  void publish(const std::vector<HeldBack>& held);

 private:
  Database& db_;
  std::string hostname_;
  std::vector<HeldBack> written_;  // as the table has it (empty after the daemon's start)
};

}  // namespace govsync::host
