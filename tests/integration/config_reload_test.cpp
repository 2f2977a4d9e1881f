// A reload the daemon refuses is visible, not only a log line while
// `systemctl reload` looks fine: /readyz says so (and stays ready: the
// configuration before it is in force), the metrics count it, and
// `govsync status` shows it beside the time the configuration in force was loaded.
#include <Poco/JSON/Array.h>

#include <csignal>

#include "admin_fixture.hpp"

namespace govsync::test {
namespace {

class ConfigReload : public AdminApi {
 protected:
  std::string readiness_checks() {
    const auto answer = parse_object(get("/readyz", "").body);
    const auto list = answer->getArray("checks");
    std::string checks;
    for (const auto& check : *list) checks += check.toString() + "\n";
    return checks;
  }
  void reload_and_wait_for(const std::string& log_text, std::size_t times) {
    daemon_->signal(SIGHUP);
    ASSERT_TRUE(eventually(
        [&] {
          const auto log = read_file(dir_ / "serve.log");
          std::size_t seen = 0;
          for (auto at = log.find(log_text); at != std::string::npos; at = log.find(log_text, at + 1)) ++seen;
          return seen >= times;
        },
        10s))
        << read_file(dir_ / "serve.log");
  }
};

TEST_P(ConfigReload, ARefusedReloadIsVisibleInReadyzMetricsAndStatus) {
  start_daemon("rows = 1\n");
  const auto config = dir_ / "govsync.ini";
  const auto good = read_file(config);
  const auto status_config = dir_ / "status.ini";  // status reads a configuration it can load
  write_file(status_config, good);
  EXPECT_EQ(readiness_checks().find("configuration:"), std::string::npos);

  write_file(config, good + "[schedulre]\nconcurrency = 2\n");
  reload_and_wait_for("reload refused", 1);
  const auto ready = get("/readyz", "");
  EXPECT_EQ(ready.status, 200) << ready.body;
  const auto checks = readiness_checks();
  EXPECT_NE(checks.find("configuration: the reload at "), std::string::npos) << checks;
  EXPECT_NE(checks.find("schedulre"), std::string::npos) << checks;
  EXPECT_NE(checks.find("stays in force"), std::string::npos) << checks;
  auto metrics = get("/metrics", "").body;
  EXPECT_NE(metrics.find("\ngovsync_config_reload_failures_total 1\n"), std::string::npos) << metrics;
  EXPECT_NE(metrics.find("\ngovsync_config_last_reload_successful 0\n"), std::string::npos) << metrics;
  auto status = run_govsync({"status", "--config", status_config.string()});
  ASSERT_EQ(status.exit_code, 0) << status.err;
  EXPECT_NE(status.out.find("reload REFUSED at "), std::string::npos) << status.out;
  EXPECT_NE(status.out.find("schedulre"), std::string::npos) << status.out;
  const auto json = run_govsync({"status", "--config", status_config.string(), "--json"});
  const auto daemons = parse_object(json.out)->getArray("daemons");
  ASSERT_EQ(daemons->size(), 1U) << json.out;
  EXPECT_EQ(daemons->getObject(0)->getValue<std::int64_t>("pid"), daemon_->pid());
  EXPECT_TRUE(daemons->getObject(0)->has("reload_error"));

  write_file(config, good);
  reload_and_wait_for("reloaded:", 1);
  EXPECT_EQ(readiness_checks().find("configuration:"), std::string::npos);
  metrics = get("/metrics", "").body;
  EXPECT_NE(metrics.find("\ngovsync_config_reload_failures_total 1\n"), std::string::npos) << metrics;
  EXPECT_NE(metrics.find("\ngovsync_config_last_reload_successful 1\n"), std::string::npos) << metrics;
  status = run_govsync({"status", "--config", status_config.string()});
  EXPECT_EQ(status.out.find("REFUSED"), std::string::npos) << status.out;
  EXPECT_NE(status.out.find("configuration loaded "), std::string::npos) << status.out;
}

GOVSYNC_ON_EACH_BACKEND(ConfigReload);

}  // namespace
}  // namespace govsync::test
