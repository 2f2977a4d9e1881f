#pragma once
// Concurrent runs take turns writing a batch into the same PostgreSQL table.
//
// PostgreSQL 15 grows a table one page at a time under a lock, and every
// writer of a table updates the same index pages: eight runs COPYing into one
// table at once wrote 67,000 rows/s on two cores, taking turns per batch
// 84,000 (tests/bench/ingest_bench). Only the statement that writes into the
// table waits for its turn; the runs go on fetching from Azure meanwhile.

#include <chrono>
#include <mutex>
#include <string>

namespace govsync::host {

/// Holds this process's turn to write into one table, for as long as it lives.
/// The turn is an optimisation, never a lock that matters for correctness: a
/// writer that waits longer than a few seconds goes ahead without it, so two
/// runs whose transactions wait for each other cannot deadlock through it.
class TableTurn {
 public:
  explicit TableTurn(const std::string& table, std::chrono::milliseconds longest_wait = std::chrono::seconds(5));
  ~TableTurn();
  TableTurn(const TableTurn&) = delete;
  TableTurn& operator=(const TableTurn&) = delete;

  /// False when the wait ran out and the writer went ahead without the turn.
  bool held() const { return held_; }

 private:
  std::timed_mutex& turn_;
  bool held_;
};

}  // namespace govsync::host
