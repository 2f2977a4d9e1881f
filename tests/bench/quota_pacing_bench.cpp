// A tenant under a Resource Graph quota (N queries per window, stated in
// x-ms-user-quota-remaining / -resets-after): one listing of all its
// resources without pacing (each throttled query waits out its Retry-After)
// beside the same listing paced to the stated quota. Prints the queries, the
// 429 answers and the time of each, as a table and one JSON line.
#include <Poco/JSON/Array.h>
#include <spdlog/spdlog.h>

#include <cstdio>

#include "azure/azure_client_impl.hpp"
#include "bench_tenant.hpp"

namespace {

using namespace govsync;

struct Figures {
  std::size_t rows = 0;
  std::size_t queries = 0;
  std::size_t throttled = 0;
  double seconds = 0;
};

Figures list_resources(test::EmulatorProcess& emulator, const host::TenantSettings& tenant, bool pace) {
  emulator.reset();
  host::AzureSettings settings;
  settings.authority = settings.management = settings.graph = emulator.base_url();
  settings.pace_requests = pace;
  host::TokenCache tokens;
  host::AzureClientImpl client(
      tenant, settings, tokens, [] { return false; }, spdlog::default_logger());
  Poco::JSON::Object::Ptr query = new Poco::JSON::Object;
  query->set("query", "Resources | project id, name, type");
  Figures figures;
  const auto started = std::chrono::steady_clock::now();
  auto pages = client.pages(AzureApi::management, AzurePaging::skip_token_in_body,
                            "/providers/Microsoft.ResourceGraph/resources?api-version=2024-04-01", query);
  while (auto page = pages->next()) figures.rows += page->getArray("data")->size();
  figures.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  figures.queries = emulator.request_count("Microsoft.ResourceGraph");
  figures.throttled = emulator.request_count("Microsoft.ResourceGraph", 429);
  return figures;
}

}  // namespace

int main(int argc, char** argv) {
  const int pages = argc > 1 ? std::stoi(argv[1]) : 30;
  const int quota = argc > 2 ? std::stoi(argv[2]) : 5;
  const int window_ms = argc > 3 ? std::stoi(argv[3]) : 2000;
  constexpr int kPageSize = 10;
  test::TempDir dir;
  test::EmulatorProcess emulator(
      test::bench_scenario(R"("subscriptions": 1, "resources_per_subscription": )" + std::to_string(pages * kPageSize) +
                           R"(, "page_size": )" + std::to_string(kPageSize) + R"(, "quota": {"graph_queries": )" +
                           std::to_string(quota) + R"(, "graph_window_ms": )" + std::to_string(window_ms) + "}"));
  const auto tenant = test::bench_tenant(dir.path());
  spdlog::default_logger()->set_level(spdlog::level::warn);

  const auto unpaced = list_resources(emulator, tenant, false);
  const auto paced = list_resources(emulator, tenant, true);
  // The least time the quota allows: every window but the last is used up whole.
  const double ideal = static_cast<double>((pages - 1) / quota) * window_ms / 1000.0;
  std::printf("quota pacing: %d Resource Graph pages under %d queries per %d ms (ideal %.1f s)\n", pages, quota,
              window_ms, ideal);
  std::printf("%-10s %8s %8s %8s %10s\n", "", "rows", "queries", "429s", "seconds");
  for (const auto& [name, f] : {std::pair{"unpaced", unpaced}, std::pair{"paced", paced}}) {
    std::printf("%-10s %8zu %8zu %8zu %10.2f\n", name, f.rows, f.queries, f.throttled, f.seconds);
  }
  std::printf(
      "{\"bench\":\"quota_pacing\",\"pages\":%d,\"quota\":%d,\"window_ms\":%d,\"ideal_seconds\":%.2f,"
      "\"unpaced_throttled\":%zu,\"unpaced_seconds\":%.2f,\"paced_throttled\":%zu,\"paced_seconds\":%.2f}\n",
      pages, quota, window_ms, ideal, unpaced.throttled, unpaced.seconds, paced.throttled, paced.seconds);
  const auto expected = static_cast<std::size_t>(pages * kPageSize);
  return unpaced.rows == expected && paced.rows == expected && paced.throttled == 0 ? 0 : 1;
}
