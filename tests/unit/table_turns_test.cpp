// Runs take turns writing a batch into one table; a turn never blocks for long.
#include "writer/table_turns.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <future>

namespace govsync::host {
namespace {

using namespace std::chrono_literals;

TEST(TableTurn, ASecondWriterOfTheSameTableWaitsForTheFirstToFinish) {
  std::atomic<bool> first_done{false};
  std::promise<void> first_holds;
  auto first = std::async(std::launch::async, [&] {
    const TableTurn turn("turns_same");
    first_holds.set_value();
    std::this_thread::sleep_for(100ms);
    first_done = true;
  });
  first_holds.get_future().wait();
  const TableTurn second("turns_same");
  EXPECT_TRUE(second.held());
  EXPECT_TRUE(first_done.load());
  first.get();
}

TEST(TableTurn, WritersOfDifferentTablesDoNotWait) {
  const TableTurn one("turns_one");
  const auto started = std::chrono::steady_clock::now();
  const TableTurn other("turns_other", 1000ms);
  EXPECT_TRUE(other.held());
  EXPECT_LT(std::chrono::steady_clock::now() - started, 500ms);
}

TEST(TableTurn, AWriterThatWaitsTooLongGoesAheadWithoutTheTurn) {
  const TableTurn holder("turns_stuck");
  auto late = std::async(std::launch::async, [] {
    const TableTurn turn("turns_stuck", 50ms);
    return turn.held();
  });
  EXPECT_FALSE(late.get());
  EXPECT_TRUE(holder.held());
}

}  // namespace
}  // namespace govsync::host
