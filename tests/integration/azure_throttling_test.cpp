// Throttling against the emulator over real HTTP: every wait header Azure
// documents is honoured, a stated wait is waited out within max_retry_time
// (not cut short by max_attempts), and requests are paced to the quotas the
// services state, so that a tenant is slowed down instead of throttled.
#include <Poco/JSON/Array.h>

#include "azure_client_fixture.hpp"

namespace govsync::test {
namespace {

constexpr const char* kSubscriptions = "/subscriptions?api-version=2022-12-01";

std::chrono::milliseconds elapsed_since(std::chrono::steady_clock::time_point started) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
}

// Cost Management and Consumption state their waits in headers of their own
// ("Manage costs with automation", learn.microsoft.com/azure/cost-management-billing/costs/manage-automation).
TEST_F(AzureClientTest, HonoursTheCostManagementWaitHeaders) {
  for (const std::string header : {"x-ms-ratelimit-microsoft.costmanagement-qpu-retry-after",
                                   "x-ms-ratelimit-microsoft.costmanagement-entity-retry-after",
                                   "x-ms-ratelimit-microsoft.consumption-retry-after"}) {
    start(R"("faults": {"throttle_every": 2, "retry_after": "2", "throttle_header": ")" + header + "\"}");
    auto azure = client();
    azure->get(AzureApi::management, kSubscriptions);  // request 1
    const auto started = std::chrono::steady_clock::now();
    azure->get(AzureApi::management, kSubscriptions);  // 2: 429, then 3: 200
    EXPECT_GE(elapsed_since(started), 2s) << header;
    EXPECT_EQ(emulator_->request_count("/subscriptions"), 3U) << header;
  }
}

TEST_F(AzureClientTest, WaitsOutAStatedWaitBeyondMaxAttempts) {
  // Three throttled answers asking for 1 s each: more than max_attempts, well within max_retry_time.
  start(R"("faults": {"throttle_first": 3, "retry_after": "1"})", [](host::AzureSettings& s) {
    s.max_attempts = 2;
    s.max_retry_time = 30s;
  });
  const auto started = std::chrono::steady_clock::now();
  EXPECT_NO_THROW(client()->get(AzureApi::management, kSubscriptions));
  EXPECT_GE(elapsed_since(started), 3s);
  EXPECT_EQ(emulator_->request_count("/subscriptions", 429), 3U);
  EXPECT_EQ(emulator_->request_count("/subscriptions", 200), 1U);
}

TEST_F(AzureClientTest, GivesUpAtOnceWhenTheStatedWaitPassesMaxRetryTime) {
  start(R"("faults": {"throttle_every": 1, "retry_after": "600"})",
        [](host::AzureSettings& s) { s.max_retry_time = 5s; });
  const auto started = std::chrono::steady_clock::now();
  try {
    client()->get(AzureApi::management, kSubscriptions);
    FAIL() << "a request throttled for longer than max_retry_time succeeded";
  } catch (const AzureError& e) {
    EXPECT_EQ(e.kind(), AzureErrorKind::throttled) << e.what();
  }
  EXPECT_LT(elapsed_since(started), 3s);
  EXPECT_EQ(emulator_->request_count("/subscriptions"), 1U);
  EXPECT_NE(log_.text().find("max_retry_time"), std::string::npos) << log_.text();
}

// A Resource Graph listing of 9 pages under a quota of 2 queries per 1.5 s window.
std::size_t list_resources(host::AzureClientImpl& azure) {
  Poco::JSON::Object::Ptr query = new Poco::JSON::Object;
  query->set("query", "Resources | project id, name, type");
  auto pages = azure.pages(AzureApi::management, AzurePaging::skip_token_in_body,
                           "/providers/Microsoft.ResourceGraph/resources?api-version=2024-04-01", query);
  std::size_t rows = 0;
  while (auto page = pages->next()) rows += page->getArray("data")->size();
  return rows;
}

constexpr const char* kGraphQuota = R"("subscriptions": 2, "resources_per_subscription": 9, "page_size": 2,
    "quota": {"graph_queries": 2, "graph_window_ms": 1500})";

TEST_F(AzureClientTest, PacesResourceGraphQueriesToTheStatedQuota) {
  start(kGraphQuota);
  EXPECT_EQ(list_resources(*client()), 18U);
  EXPECT_EQ(emulator_->request_count("Microsoft.ResourceGraph", 429), 0U);
  EXPECT_EQ(emulator_->request_count("Microsoft.ResourceGraph", 200), 9U);
}

TEST_F(AzureClientTest, WithoutPacingTheSameListingIsThrottled) {
  // The baseline of the test above: the quota really is tight enough to throttle.
  start(kGraphQuota, [](host::AzureSettings& s) { s.pace_requests = false; });
  EXPECT_EQ(list_resources(*client()), 18U);
  EXPECT_GT(emulator_->request_count("Microsoft.ResourceGraph", 429), 0U);
}

TEST_F(AzureClientTest, PacesArmReadsToTheStatedBucket) {
  // 12 pages of subscriptions from a tenant-level bucket of 3 reads refilled at the documented 25 per second.
  start(R"("subscriptions": 24, "page_size": 2, "quota": {"arm_reads_bucket": 3, "arm_reads_refill_per_second": 25})");
  auto azure = client();
  auto pages = azure->pages(AzureApi::management, AzurePaging::next_link, kSubscriptions);
  EXPECT_EQ(count_items(*pages, "value"), 24U);
  EXPECT_EQ(emulator_->request_count("/subscriptions", 429), 0U);
  EXPECT_EQ(emulator_->request_count("/subscriptions", 200), 12U);
}

// Cost Management's Query API: one QPU per month of data, 12 QPU per 10 s per tenant ("Manage costs with
// automation", Query API query processing units). Five queries of three months each are 15 QPU.
TEST_F(AzureClientTest, PacesCostQueriesToTheDocumentedQpuQuota) {
  start(R"("subscriptions": 5, "cost_days": 3, "cost_groups": 1, "quota": {"cost_qpu": true})");
  auto azure = client();
  Poco::JSON::Object::Ptr period = new Poco::JSON::Object;
  period->set("from", "2026-08-01T00:00:00Z");
  period->set("to", "2026-10-31T23:59:59Z");
  Poco::JSON::Object::Ptr query = new Poco::JSON::Object;
  query->set("type", "ActualCost");
  query->set("timeframe", "Custom");
  query->set("timePeriod", period);
  const auto subscriptions = azure->get(AzureApi::management, kSubscriptions)->getArray("value");
  const auto started = std::chrono::steady_clock::now();
  for (const auto& subscription : *subscriptions) {
    const auto id = subscription.extract<Poco::JSON::Object::Ptr>()->getValue<std::string>("subscriptionId");
    azure->post(AzureApi::management,
                "/subscriptions/" + id + "/providers/Microsoft.CostManagement/query?api-version=2023-03-01", *query);
  }
  EXPECT_EQ(emulator_->request_count("Microsoft.CostManagement", 429), 0U);
  EXPECT_EQ(emulator_->request_count("Microsoft.CostManagement", 200), 5U);
  EXPECT_GE(elapsed_since(started), 10s);  // the fifth waited for the first to age out of the 10 s window
}

}  // namespace
}  // namespace govsync::test
