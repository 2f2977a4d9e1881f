// The page-fetching threads: reused, bounded, and exceptions reach the caller.
#include "azure/fetch_threads.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <stdexcept>
#include <system_error>

namespace govsync::host {
namespace {

using namespace std::chrono_literals;

TEST(FetchThreads, AThreadIsReusedForWorkThatFollowsWork) {
  FetchThreads threads(8);
  for (int i = 0; i < 20; ++i) EXPECT_EQ(threads.run([i] { return i * 2; }).get(), i * 2);
  EXPECT_EQ(threads.threads(), 1U);
}

TEST(FetchThreads, NeverStartsMoreThanItsLimitAndStillDoesAllTheWork) {
  FetchThreads threads(2);
  std::atomic<int> running{0};
  std::atomic<int> most{0};
  std::vector<std::future<int>> results;
  for (int i = 0; i < 6; ++i) {
    results.push_back(threads.run([&, i] {
      const int now = ++running;
      for (int seen = most.load(); now > seen && !most.compare_exchange_weak(seen, now);) {
      }
      std::this_thread::sleep_for(30ms);
      --running;
      return i;
    }));
  }
  for (int i = 0; i < 6; ++i) EXPECT_EQ(results[static_cast<std::size_t>(i)].get(), i);
  EXPECT_EQ(threads.threads(), 2U);
  EXPECT_EQ(most.load(), 2);
}

TEST(FetchThreads, AnExceptionReachesTheOneWhoWaits) {
  FetchThreads threads(1);
  auto failed = threads.run([]() -> int { throw std::runtime_error("page 2 is malformed"); });
  try {
    failed.get();
    FAIL() << "the exception was lost";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "page 2 is malformed");
  }
  EXPECT_EQ(threads.run([] { return 7; }).get(), 7);  // the thread lives on
}

TEST(FetchThreads, WorkNoThreadCouldTakeIsRefusedAndNeverRunsLater) {
  // The first thread starts; the second cannot (the process is out of threads).
  int started = 0;
  FetchThreads threads(4, [&started](std::function<void()> body) {
    if (++started > 1) throw std::system_error(std::make_error_code(std::errc::resource_unavailable_try_again));
    return std::jthread(std::move(body));
  });
  std::promise<void> release;
  auto busy = threads.run([gate = release.get_future().share()] {
    gate.wait();
    return 1;
  });
  auto ran = std::make_shared<std::atomic<bool>>(false);
  EXPECT_THROW(threads.run([ran] {
    *ran = true;  // in a listing: its pages, destroyed by the time this ran
    return 2;
  }),
               std::system_error);
  release.set_value();
  EXPECT_EQ(busy.get(), 1);
  EXPECT_EQ(threads.run([] { return 3; }).get(), 3);  // the first thread is free again and takes new work
  EXPECT_FALSE(*ran) << "work refused with an exception ran later anyway";
}

}  // namespace
}  // namespace govsync::host
