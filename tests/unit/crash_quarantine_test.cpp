// Crash-loop containment and the words for a worker's end.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>

#include "supervisor/child_exit.hpp"
#include "supervisor/crash_quarantine.hpp"

namespace govsync::host {
namespace {

using namespace std::chrono_literals;
const auto t0 = CrashQuarantine::Clock::time_point{} + 1000h;

TEST(CrashQuarantine, HoldsAKeyAfterThreeDeathsInARowForADoublingPause) {
  CrashQuarantine q(3, 60s, 300s);
  EXPECT_FALSE(q.crashed("plugin p", "signal 11", t0));
  EXPECT_FALSE(q.crashed("plugin p", "signal 11", t0));
  EXPECT_EQ(q.held("plugin p", t0), "");
  EXPECT_EQ(q.crashed("plugin p", "signal 11", t0), 60s);
  const auto held = q.held("plugin p", t0 + 59s);
  EXPECT_NE(held.find("quarantined until"), std::string::npos);
  EXPECT_NE(held.find("signal 11"), std::string::npos);
  EXPECT_EQ(q.held("plugin p", t0 + 61s), "");
  EXPECT_EQ(q.held_keys(t0).size(), 1U);
  for (int i = 0; i < 2; ++i) q.crashed("plugin p", "x", t0 + 61s);
  EXPECT_EQ(q.crashed("plugin p", "x", t0 + 61s), 120s);
  for (int round = 0; round < 3; ++round) {
    for (int i = 0; i < 2; ++i) q.crashed("plugin p", "x", t0);
    EXPECT_LE(*q.crashed("plugin p", "x", t0), 300s);  // capped
  }
}

TEST(CrashQuarantine, ASuccessOrAReloadForgetsTheDeaths) {
  CrashQuarantine q(3, 60s, 300s);
  q.crashed("a/t1", "x", t0);
  q.crashed("a/t1", "x", t0);
  q.succeeded("a/t1");
  EXPECT_FALSE(q.crashed("a/t1", "x", t0));  // counting starts again
  q.crashed("a/t1", "x", t0);
  q.crashed("a/t1", "x", t0);
  EXPECT_NE(q.held("a/t1", t0), "");
  q.clear();
  EXPECT_EQ(q.held("a/t1", t0), "");
  EXPECT_EQ(q.held("other", t0), "");
}

int status_of_child(const std::function<void()>& body) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    body();
    ::_exit(0);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  return status;
}

TEST(ChildExit, WordsSignalsAndExitCodesLikeAnOperatorReadsThem) {
  EXPECT_EQ(exit_words(status_of_child([] { ::raise(SIGSEGV); })), "was terminated by signal 11: Segmentation fault");
  EXPECT_EQ(exit_words(status_of_child([] { ::_exit(0); })), "exited with code 0");
  EXPECT_EQ(exit_words(status_of_child([] { ::_exit(5); })), "exited with code 5 (the plugin could not be loaded)");
  EXPECT_EQ(exit_words(status_of_child([] { ::raise(SIGKILL); })), "was terminated by signal 9: Killed");
}

}  // namespace
}  // namespace govsync::host
