#pragma once
// /readyz's look at the database, bounded in time: the check runs on a
// thread of its own with its own connection, and a caller waits for its
// answer at most a given time. A database that hangs (a stopped server)
// makes the probe answer "no answer within ..." instead of hanging the
// admin thread that asked, and never holds a session of the runs' pool.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "db/database.hpp"

namespace govsync::host {

/// What a check found: one line per check, and whether all are fine.
struct ProbeAnswer {
  std::vector<std::string> checks;
  bool ok = false;
};

class DatabaseProbe {
 public:
  using Check = std::function<ProbeAnswer(Database& db)>;

  /// Starts the probe's thread; its connection is opened when first asked,
  /// with this statement timeout (PostgreSQL; zero: none).
  DatabaseProbe(const DatabaseUrl& url, Check check, std::chrono::milliseconds statement_timeout);
  /// Joins the thread, or leaves it if a check is stuck in the database
  /// (it ends with the process).
  ~DatabaseProbe();
  DatabaseProbe(const DatabaseProbe&) = delete;
  DatabaseProbe& operator=(const DatabaseProbe&) = delete;

  /// A fresh check's answer, or, when none comes within `bound`, a failed
  /// answer saying so. Callers that come while a check runs share its answer.
  ProbeAnswer ask(std::chrono::milliseconds bound);
  /// The last check's answer at once, never waiting (for /metrics), and a
  /// fresh check asked for the next caller. Not ok before the first answer,
  /// or while a check has been under way for longer than `bound`.
  ProbeAnswer latest(std::chrono::milliseconds bound);

 private:
  struct State;
  static void loop(const std::shared_ptr<State>& state);
  std::shared_ptr<State> state_;
  std::thread thread_;
};

}  // namespace govsync::host
