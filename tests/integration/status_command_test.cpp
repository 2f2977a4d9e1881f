// `govsync status`: next-run times as the running daemon keeps them (a failed
// pair waits for its retry), and configuration problems in an operator's words.
#include <Poco/JSON/Parser.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include "backend_param.hpp"

namespace govsync::test {
namespace {

namespace fs = std::filesystem;

using StatusOnBackend = OnEachBackend;

// Seconds until the pair's next run, from `govsync status --json`.
double next_due_in(const std::string& status_json, const std::string& tenant) {
  const auto runs = Poco::JSON::Parser().parse(status_json).extract<Poco::JSON::Object::Ptr>()->getArray("runs");
  for (std::size_t i = 0; i < runs->size(); ++i) {
    const auto run = runs->getObject(static_cast<unsigned>(i));
    if (run->getValue<std::string>("tenant") == tenant) return run->getValue<double>("next_due_in_seconds");
  }
  ADD_FAILURE() << "no status for tenant " << tenant << " in " << status_json;
  return -1;
}

TEST_P(StatusOnBackend, AFailedPairIsNextDueAtItsRetryNotNow) {
  TestDatabase db(GetParam());
  TempDir dir;
  const auto config =
      write_config(dir, db.url(), plugin_dir_with(dir, {"fixture_policy.so"}), 2,
                   "[scheduler]\nretry = 10m, 20m\n[domain.fixture_policy]\nenabled = true\ninterval = 1h\n"
                   "throw_tenants = t2\n");
  const auto run = run_govsync({"run", "--config", config.string()});
  ASSERT_EQ(run.exit_code, 1) << run.out << run.err;
  const auto status = [&] {
    const auto result = run_govsync({"status", "--config", config.string(), "--json"});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    return result.out;
  };
  // t1 succeeded: due an interval after it started. t2 never succeeded and
  // failed on its first try: due the first retry delay after it ended.
  const auto first = status();
  EXPECT_GT(next_due_in(first, "t1"), 3500);
  EXPECT_LE(next_due_in(first, "t1"), 3600);
  EXPECT_GT(next_due_in(first, "t2"), 540) << first;
  EXPECT_LE(next_due_in(first, "t2"), 600) << first;

  // The first retry failed too: the second delay applies.
  db.execute("UPDATE sync_runs SET attempt = 2, \"trigger\" = 'retry' WHERE tenant_id = 't2'");
  const auto second = status();
  EXPECT_GT(next_due_in(second, "t2"), 1140) << second;
  EXPECT_LE(next_due_in(second, "t2"), 1200) << second;

  // Retries spent: the next interval after the failed run started.
  db.execute("UPDATE sync_runs SET attempt = 3 WHERE tenant_id = 't2'");
  const auto spent = status();
  EXPECT_GT(next_due_in(spent, "t2"), 3500) << spent;
  EXPECT_LE(next_due_in(spent, "t2"), 3600) << spent;
}

GOVSYNC_ON_EACH_BACKEND(StatusOnBackend);

// govsync as a user who cannot read what the test wrote: nobody when the test
// runs as root (root reads everything), else this user, with the modes taken away.
struct Unprivileged {
  bool as_nobody = ::geteuid() == 0;
  std::string user = as_nobody ? "user nobody (uid 65534)" : this_user();
  static std::string this_user() {
    const auto* entry = ::getpwuid(::geteuid());
    const auto uid = " (uid " + std::to_string(::geteuid()) + ")";
    return entry != nullptr ? "user " + std::string(entry->pw_name) + uid : uid.substr(2, uid.size() - 3);
  }
  void lock(const fs::path& path, fs::perms root_mode) const {
    fs::permissions(path, as_nobody ? root_mode : fs::perms::none);
  }
  CommandResult run(const std::vector<std::string>& args) const {
    if (!as_nobody) return run_govsync(args);
    std::vector<std::string> command{"--reuid=65534", "--regid=65534", "--clear-groups", govsync_binary().string()};
    command.insert(command.end(), args.begin(), args.end());
    return run_program("/usr/bin/setpriv", command);
  }
};

TEST(Status, ASecretFileTheUserCannotReadIsSaidSoWithTheReason) {
  if (::geteuid() == 0 && !fs::exists("/usr/bin/setpriv")) GTEST_SKIP() << "setpriv (util-linux) is not installed";
  const Unprivileged as;
  TempDir dir;
  fs::permissions(dir.path(), fs::perms(0755));
  const auto closed_folder = dir / "closed";
  const auto open_folder = dir / "open";
  write_file(closed_folder / "secret", "not-a-real-secret\n");
  write_file(open_folder / "secret", "not-a-real-secret\n");
  fs::permissions(open_folder, fs::perms(0755));
  const std::vector<std::pair<fs::path, std::string>> cases{
      {closed_folder / "secret", "Permission denied (a folder on its path cannot be entered)"},
      {open_folder / "secret", "Permission denied"}};
  as.lock(closed_folder, fs::perms(0700));
  as.lock(open_folder / "secret", fs::perms(0600));
  for (const auto& [secret, reason] : cases) {
    const auto config = write_config(dir, "sqlite:" + (dir / "db.sqlite").string(), plugin_dir_with(dir, {}), 0,
                                     "[tenant.acme]\ndirectory_id = 00000000-0000-0000-0000-000000000001\n"
                                     "client_id = 11111111-1111-1111-1111-111111111111\nclient_secret_file = " +
                                         secret.string() + "\n");
    const auto result = as.run({"status", "--config", config.string()});
    EXPECT_EQ(result.exit_code, 78) << result.out << result.err;
    EXPECT_NE(result.err.find("[tenant.acme] client_secret_file: cannot be read by " + as.user + ": " + reason),
              std::string::npos)
        << result.err;
    EXPECT_EQ(result.err.find("names no file"), std::string::npos) << result.err;
    EXPECT_EQ(result.err.find("not-a-real-secret"), std::string::npos) << result.err;
  }
  fs::permissions(closed_folder, fs::perms(0700));  // so the temporary folder can be removed
}

}  // namespace
}  // namespace govsync::test
