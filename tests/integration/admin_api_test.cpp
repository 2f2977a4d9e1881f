// The admin API of a real `govsync serve` over real HTTP on 127.0.0.1: every
// route's answers, a run queued over the API, Prometheus metrics checked by
// promtool (and holding every metric the shipped alert rules read), no secret
// in any answer, and readiness following the database.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <csignal>
#include <regex>
#include <set>

#include "admin_fixture.hpp"
#include "test_paths.hpp"

namespace govsync::test {
namespace {

// The metric names the alert rules the package ships read.
std::set<std::string> alert_rule_metrics() {
  const auto rules =
      read_file(std::filesystem::path(GOVSYNC_TEST_SOURCE_DIR) / "packaging/prometheus/govsync-alerts.yml");
  const std::regex name(R"(\bgovsync_[a-z_]+)");
  std::set<std::string> names;
  for (auto it = std::sregex_iterator(rules.begin(), rules.end(), name); it != std::sregex_iterator(); ++it) {
    names.insert(it->str());
  }
  return names;
}

TEST_P(AdminApi, HealthReadinessAndMetricsNeedNoToken) {
  start_daemon("rows = 3\n");
  const auto health = get("/healthz", "");
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(health.body, "ok\n");
  const auto ready = get("/readyz", "");
  ASSERT_EQ(ready.status, 200) << ready.body;
  EXPECT_TRUE(parse_object(ready.body)->getValue<bool>("ready"));
  const auto metrics = get("/metrics", "");
  EXPECT_EQ(metrics.status, 200);
  EXPECT_NE(metrics.content_type.find("text/plain; version=0.0.4"), std::string::npos);
  EXPECT_NE(metrics.body.find("govsync_plugin_info{plugin=\"fixture_policy\""), std::string::npos) << metrics.body;
}

TEST_P(AdminApi, WrongMethodsUnknownPathsAndMissingTokensAreRefused) {
  start_daemon("rows = 1\n");
  const auto not_allowed = http_request(port_, "POST", "/healthz", "", "{}");
  EXPECT_EQ(not_allowed.status, 405);
  EXPECT_EQ(not_allowed.allow, "GET");
  const auto delete_runs = http_request(port_, "DELETE", "/api/v1/runs", kBearer);
  EXPECT_EQ(delete_runs.status, 405);
  EXPECT_EQ(delete_runs.allow, "GET, POST");
  EXPECT_EQ(get("/nowhere", "").status, 404);
  EXPECT_EQ(get("/api/v1/nowhere").status, 404);
  EXPECT_EQ(get("/api/v1/runs/999999").status, 404);
  EXPECT_EQ(get("/api/v1/runs/abc").status, 404);
  for (const auto& route : {"/api/v1/runs", "/api/v1/plugins", "/api/v1/tenants", "/api/v1/nowhere"}) {
    EXPECT_EQ(get(route, "").status, 401) << route;
    EXPECT_EQ(get(route, "Bearer wrong-token-0123456789").status, 401) << route;
    EXPECT_EQ(get(route, kToken).status, 401) << route << ": the token without the Bearer scheme";
  }
  EXPECT_EQ(post("/api/v1/runs", R"({"domain":"fixture_policy","tenant":"t1"})", "").status, 401);
}

TEST_P(AdminApi, RunsCanBeListedFilteredAndShown) {
  start_daemon("rows = 4\n");
  ASSERT_TRUE(eventually([&] { return finished_runs() == 2; }, 20s)) << read_file(dir_ / "serve.log");
  const auto all = get("/api/v1/runs");
  ASSERT_EQ(all.status, 200) << all.body;
  const auto runs = parse_object(all.body)->getArray("runs");
  ASSERT_EQ(runs->size(), 2U);
  const auto first = runs->getObject(0);
  EXPECT_EQ(first->getValue<std::string>("status"), "succeeded");
  EXPECT_EQ(first->getValue<std::string>("domain"), "fixture_policy");
  EXPECT_EQ(first->getValue<int>("rows_written"), 4);
  EXPECT_NE(first->getValue<std::string>("host").find(':'), std::string::npos);
  EXPECT_FALSE(first->getValue<std::string>("started_at").empty());

  EXPECT_EQ(parse_object(get("/api/v1/runs?tenant=t2").body)->getArray("runs")->size(), 1U);
  EXPECT_EQ(parse_object(get("/api/v1/runs?limit=1").body)->getArray("runs")->size(), 1U);
  EXPECT_EQ(parse_object(get("/api/v1/runs?status=failed").body)->getArray("runs")->size(), 0U);
  EXPECT_EQ(parse_object(get("/api/v1/runs?domain=other").body)->getArray("runs")->size(), 0U);
  EXPECT_EQ(parse_object(get("/api/v1/runs?since=2000-01-01T00:00:00Z").body)->getArray("runs")->size(), 2U);
  EXPECT_EQ(parse_object(get("/api/v1/runs?since=2999-01-01T00:00:00%2B02:00").body)->getArray("runs")->size(), 0U);

  const auto id = first->getValue<std::int64_t>("id");
  const auto one = get("/api/v1/runs/" + std::to_string(id));
  ASSERT_EQ(one.status, 200);
  EXPECT_EQ(parse_object(one.body)->getValue<std::int64_t>("id"), id);

  for (const auto& bad : {"/api/v1/runs?status=done", "/api/v1/runs?limit=0", "/api/v1/runs?limit=1001",
                          "/api/v1/runs?limit=ten", "/api/v1/runs?since=yesterday", "/api/v1/runs?owner=x"}) {
    const auto answer = get(bad);
    EXPECT_EQ(answer.status, 400) << bad;
    EXPECT_FALSE(parse_object(answer.body)->getValue<std::string>("error").empty()) << bad;
  }
}

TEST_P(AdminApi, PluginsAndTenantsAreListedWithoutSecrets) {
  start_daemon("rows = 1\n");
  const auto plugins = get("/api/v1/plugins");
  ASSERT_EQ(plugins.status, 200);
  const auto plugin = parse_object(plugins.body)->getArray("plugins")->getObject(0);
  EXPECT_EQ(plugin->getValue<std::string>("name"), "fixture_policy");
  EXPECT_TRUE(plugin->getValue<bool>("enabled"));
  EXPECT_EQ(plugin->getValue<std::string>("sdk_version").substr(0, 2), "1.");
  const auto tenants = get("/api/v1/tenants");
  ASSERT_EQ(tenants.status, 200);
  const auto list = parse_object(tenants.body)->getArray("tenants");
  ASSERT_EQ(list->size(), 2U);
  EXPECT_EQ(list->getObject(0)->getValue<std::string>("id"), "t1");
  EXPECT_EQ(list->getObject(0)->getValue<std::string>("credential"), "client_secret");
  EXPECT_EQ(tenants.body.find("client_secret_file"), std::string::npos);
  EXPECT_EQ(tenants.body.find("not-a-real-secret"), std::string::npos);
}

TEST_P(AdminApi, ARunQueuedOverTheApiWaitsForItsPairThenRunsAndCountsInMetrics) {
  // Each run sleeps 2 s, so the scheduled first run of t1 is still going when the API asks.
  start_daemon("rows = 2\nsleep_ms = 2000\n");
  ASSERT_TRUE(eventually(
      [&] { return db_.count("SELECT COUNT(*) FROM sync_runs WHERE tenant_id = 't1' AND status = 'running'") == 1; },
      10s));
  const auto queued = post("/api/v1/runs", R"({"domain": "fixture_policy", "tenant": "t1"})");
  ASSERT_EQ(queued.status, 202) << queued.body;
  const auto run_id = parse_object(queued.body)->getValue<std::int64_t>("run_id");
  EXPECT_EQ(db_.text("SELECT status FROM sync_runs WHERE id = " + std::to_string(run_id)), "queued");

  const auto again = post("/api/v1/runs", R"({"domain": "fixture_policy", "tenant": "t1"})");
  EXPECT_EQ(again.status, 409) << again.body;
  EXPECT_EQ(parse_object(again.body)->getValue<std::int64_t>("run_id"), run_id);

  ASSERT_TRUE(eventually(
      [&] {
        return parse_object(get("/api/v1/runs/" + std::to_string(run_id)).body)->getValue<std::string>("status") ==
               "succeeded";
      },
      20s))
      << read_file(dir_ / "serve.log");
  const auto shown = parse_object(get("/api/v1/runs/" + std::to_string(run_id)).body);
  EXPECT_EQ(shown->getValue<std::string>("trigger"), "manual");
  // The run slept 2 s: its finish time is when it ended, not when its transaction began.
  EXPECT_GE(db_.real("SELECT " + db_.epoch("finished_at") + " - " + db_.epoch("started_at") +
                     " FROM sync_runs WHERE id = " + std::to_string(run_id)),
            1.9);
  EXPECT_EQ(shown->getValue<int>("rows_written"), 2);
  // Never two runs of one pair at once: the queued run started after the scheduled one ended.
  EXPECT_EQ(db_.count("SELECT COUNT(*) FROM sync_runs a JOIN sync_runs b ON a.tenant_id = b.tenant_id AND a.id < b.id "
                      "WHERE b.started_at < a.finished_at"),
            0);

  const auto metrics = get("/metrics", "").body;
  EXPECT_NE(metrics.find("govsync_runs_total{domain=\"fixture_policy\",tenant=\"t1\",status=\"succeeded\""),
            std::string::npos);
  const std::regex t1_runs(
      R"(govsync_runs_total\{domain="fixture_policy",tenant="t1",status="succeeded",host="[^"]+"\} 2)");
  EXPECT_TRUE(std::regex_search(metrics, t1_runs)) << metrics;
  EXPECT_NE(metrics.find("govsync_rows_written_total{domain=\"fixture_policy\",tenant=\"t1\"} 4"), std::string::npos)
      << metrics;
}

TEST_P(AdminApi, AMassDeletionAskedForOverTheApiIsRefusedAndCountedUnlessAllowed) {
  start_daemon("rows = 40\n");
  ASSERT_TRUE(eventually([&] { return finished_runs() == 2; }, 20s)) << read_file(dir_ / "serve.log");
  // The source now has 5 of its 40 items: delete-unseen would remove 35.
  const auto config = dir_ / "govsync.ini";
  auto text = read_file(config);
  text.replace(text.find("rows = 40"), 9, "rows = 5");
  write_file(config, text);
  daemon_->signal(SIGHUP);
  ASSERT_TRUE(eventually([&] { return read_file(dir_ / "serve.log").find("reloaded:") != std::string::npos; }, 5s));
  auto run_status = [&](std::int64_t id) {
    return parse_object(get("/api/v1/runs/" + std::to_string(id)).body)->getValue<std::string>("status");
  };
  auto run_now = [&](const std::string& body) {
    const auto queued = post("/api/v1/runs", body);
    EXPECT_EQ(queued.status, 202) << queued.body;
    const auto id = parse_object(queued.body)->getValue<std::int64_t>("run_id");
    EXPECT_TRUE(eventually([&] { return run_status(id) != "queued" && run_status(id) != "running"; }, 20s));
    return id;
  };
  const auto refused = run_now(R"({"domain": "fixture_policy", "tenant": "t1"})");
  EXPECT_EQ(run_status(refused), "failed");
  EXPECT_EQ(db_.count("SELECT COUNT(*) FROM sync_runs WHERE id = " + std::to_string(refused) +
                      " AND error LIKE 'mass deletion refused: this run would delete 35 of the 40 rows%'"),
            1);
  EXPECT_EQ(db_.count("SELECT COUNT(*) FROM policy_states WHERE tenant_id = 't1'"), 40);
  EXPECT_NE(
      get("/metrics", "").body.find("govsync_mass_deletions_refused_total{domain=\"fixture_policy\",tenant=\"t1\"} 1"),
      std::string::npos);
  EXPECT_EQ(post("/api/v1/runs", R"({"domain": "fixture_policy", "tenant": "t1", "allow_mass_delete": "yes"})").status,
            400);

  const auto allowed = run_now(R"({"domain": "fixture_policy", "tenant": "t1", "allow_mass_delete": true})");
  EXPECT_EQ(run_status(allowed), "succeeded") << read_file(dir_ / "serve.log");
  EXPECT_EQ(db_.count("SELECT COUNT(*) FROM policy_states WHERE tenant_id = 't1'"), 5);
}

TEST_P(AdminApi, BadRequestsToQueueARunGetClearErrors) {
  start_daemon("rows = 1\n");
  const std::vector<std::pair<std::string, int>> cases = {
      {"not json", 400},
      {"[1, 2]", 400},
      {R"({"domain": "fixture_policy"})", 400},
      {R"({"domain": "fixture_policy", "tenant": 7})", 400},
      {R"({"domain": "nope", "tenant": "t1"})", 400},
      {R"({"domain": "fixture_policy", "tenant": "t9"})", 400},
      {R"({"domain": "fixture_policy", "tenant": "t1", "extra": true})", 400},
      {std::string(70 * 1024, ' '), 413},
  };
  for (const auto& [body, status] : cases) {
    const auto answer = post("/api/v1/runs", body);
    EXPECT_EQ(answer.status, status) << body.substr(0, 60) << " -> " << answer.body;
    EXPECT_FALSE(parse_object(answer.body)->getValue<std::string>("error").empty());
  }
  EXPECT_EQ(db_.count("SELECT COUNT(*) FROM sync_runs WHERE status = 'queued'"), 0);
}

TEST_P(AdminApi, MetricsPassPromtoolAndNoSecretAppearsAnywhere) {
  start_daemon("rows = 3\noversize_tenants = t1\n");
  ASSERT_TRUE(eventually([&] { return finished_runs() == 2; }, 20s));
  get("/api/v1/runs");
  get("/api/v1/tenants");
  get("/api/v1/plugins");
  const auto metrics = get("/metrics", "").body;
  write_file(dir_ / "metrics.txt", metrics);
  const auto check = run_program("/bin/sh", {"-c", "promtool check metrics < " + (dir_ / "metrics.txt").string()});
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err << "\n" << metrics;
  for (const auto* family :
       {"govsync_runs_total", "govsync_run_duration_seconds", "govsync_rows_written_total",
        "govsync_rows_deleted_total", "govsync_truncations_total", "govsync_ghost_runs_reaped_total",
        "govsync_last_success_timestamp_seconds", "govsync_queued_runs", "govsync_running_runs", "govsync_plugin_info",
        "govsync_azure_requests_total", "govsync_azure_retries_total", "govsync_mass_deletions_refused_total"}) {
    EXPECT_NE(metrics.find(std::string("# TYPE ") + family + " "), std::string::npos) << family;
  }
  const auto rule_metrics = alert_rule_metrics();
  EXPECT_GE(rule_metrics.size(), 7U);
  for (const auto& family : rule_metrics) {
    EXPECT_NE(metrics.find("# TYPE " + family + " "), std::string::npos) << family << ", read by an alert rule";
  }
  EXPECT_NE(metrics.find("govsync_schedule_interval_seconds{domain=\"fixture_policy\",tenant=\"t2\"} 3600"),
            std::string::npos)
      << metrics;
  EXPECT_NE(metrics.find("govsync_truncations_total{domain=\"fixture_policy\",tenant=\"t1\"} 1"), std::string::npos)
      << metrics;
  EXPECT_NE(metrics.find("govsync_run_duration_seconds_count{domain=\"fixture_policy\"} 2"), std::string::npos)
      << metrics;
  daemon_->signal(SIGTERM);
  EXPECT_EQ(daemon_->wait_exit(10s), 0);
  const auto log = read_file(dir_ / "serve.log");
  for (const auto& secret : {std::string(kToken), std::string("not-a-real-secret")}) {
    EXPECT_EQ(log.find(secret), std::string::npos) << secret << " in the log";
    EXPECT_EQ(answers_.find(secret), std::string::npos) << secret << " in an answer";
  }
}

GOVSYNC_ON_EACH_BACKEND(AdminApi);

// PostgreSQL only: the test stops and restarts a server of its own.
TEST(AdminApiReadiness, ReadyzFollowsTheDatabaseWhileTheDaemonStaysUp) {
  PostgresServer server;
  TempDir dir;
  const auto file = write_config(dir, server.url(), plugin_dir_with(dir, {"fixture_policy.so"}), 1,
                                 admin_section(dir) +
                                     "[scheduler]\nheartbeat = 1s\n[domain.fixture_policy]\nenabled = true\n"
                                     "interval = 1h\nrows = 1\n");
  DaemonProcess daemon(file, dir / "serve.log");
  int port = 0;
  ASSERT_TRUE(eventually([&] { return (port = admin_port(read_file(dir / "serve.log"))) > 0; }, 15s))
      << read_file(dir / "serve.log");
  ASSERT_EQ(http_request(port, "GET", "/readyz").status, 200);

  server.stop();
  HttpAnswer down;
  ASSERT_TRUE(eventually([&] { return (down = http_request(port, "GET", "/readyz")).status == 503; }, 10s));
  const auto report = parse_object(down.body);
  EXPECT_FALSE(report->getValue<bool>("ready"));
  EXPECT_NE(down.body.find("database: unreachable"), std::string::npos) << down.body;
  const auto ready_gauge = [&](const char* value) {
    return http_request(port, "GET", "/metrics").body.find(std::string("\ngovsync_ready ") + value + "\n") !=
           std::string::npos;
  };
  EXPECT_TRUE(eventually([&] { return ready_gauge("0"); }, 10s)) << "govsync_ready follows /readyz";
  EXPECT_EQ(http_request(port, "GET", "/healthz").status, 200);
  EXPECT_EQ(http_request(port, "GET", "/api/v1/runs", kBearer).status, 503);

  server.start();
  EXPECT_TRUE(eventually([&] { return http_request(port, "GET", "/readyz").status == 200; }, 15s));
  EXPECT_TRUE(eventually([&] { return ready_gauge("1"); }, 10s));
  EXPECT_TRUE(daemon.running());
  daemon.signal(SIGTERM);
  EXPECT_EQ(daemon.wait_exit(10s), 0) << read_file(dir / "serve.log");
}

}  // namespace
}  // namespace govsync::test
