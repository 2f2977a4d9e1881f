// Pages through 100,000 resources from the emulator and prints the process's
// peak memory as it goes: it must not grow with the number of records, since
// the client holds one page at a time. Prints a table and one JSON line.
#include <sys/resource.h>

#include <Poco/JSON/Array.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <vector>

#include "azure/azure_client_impl.hpp"
#include "bench_tenant.hpp"

namespace {

long peak_rss_kib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace govsync;
  const long records = argc > 1 ? std::stol(argv[1]) : 100000;
  const int page_size = argc > 2 ? std::stoi(argv[2]) : 1000;
  test::TempDir dir;
  test::EmulatorProcess emulator(test::bench_scenario(R"("subscriptions": 1, "resources_per_subscription": )" +
                                                      std::to_string(records) + R"(, "page_size": )" +
                                                      std::to_string(page_size)));
  const auto tenant = test::bench_tenant(dir.path());
  host::AzureSettings settings;
  settings.authority = settings.management = settings.graph = emulator.base_url();
  host::TokenCache tokens;
  auto log = spdlog::default_logger();
  log->set_level(spdlog::level::warn);
  host::AzureClientImpl client(
      tenant, settings, tokens, [] { return false; }, log);

  const auto subscription = client.get(AzureApi::management, "/subscriptions?api-version=2022-12-01")
                                ->getArray("value")
                                ->getObject(0)
                                ->getValue<std::string>("subscriptionId");
  auto pages = client.pages(AzureApi::management, AzurePaging::next_link,
                            "/subscriptions/" + subscription + "/resources?api-version=2021-04-01");
  std::vector<std::pair<long, long>> samples;  // records seen, peak RSS
  long seen = 0;
  long next_sample = records / 10;
  const long baseline = peak_rss_kib();
  const auto started = std::chrono::steady_clock::now();
  while (auto page = pages->next()) {
    seen += static_cast<long>(page->getArray("value")->size());
    if (seen >= next_sample) {
      samples.emplace_back(seen, peak_rss_kib());
      next_sample += records / 10;
    }
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::printf("azure paging: %ld records in %zu pages of %d, %.2f s (%.0f records/s)\n", seen, pages->pages_read(),
              page_size, seconds, static_cast<double>(seen) / seconds);
  std::printf("%12s  %14s\n", "records", "peak RSS (KiB)");
  for (const auto& [count, rss] : samples) std::printf("%12ld  %14ld\n", count, rss);
  const long first = samples.empty() ? baseline : samples.front().second;
  const long last = samples.empty() ? baseline : samples.back().second;
  std::printf(
      "{\"bench\":\"azure_paging\",\"records\":%ld,\"pages\":%zu,\"seconds\":%.3f,\"rss_kib_at_10pct\":%ld,"
      "\"rss_kib_at_end\":%ld,\"rss_growth_kib\":%ld}\n",
      seen, pages->pages_read(), seconds, first, last, last - first);
  return seen == records ? 0 : 1;
}
