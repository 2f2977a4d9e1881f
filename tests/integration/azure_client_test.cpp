// The Azure access layer against the emulator over real HTTP on 127.0.0.1:
// paging in every style, retries, timeouts, typed errors, tokens, secrets.
#include <Poco/JSON/Parser.h>

#include <set>
#include <thread>

#include "azure_client_fixture.hpp"

namespace govsync::test {
namespace {

TEST_F(AzureClientTest, FollowsEveryPagingStyle) {
  start(R"("subscriptions": 3, "policy_states_per_subscription": 25, "resources_per_subscription": 7,
           "cost_days": 5, "cost_groups": 3, "users": 12, "guests": 3, "page_size": 4)");
  auto azure = client();
  // ARM nextLink.
  auto subscriptions =
      azure->pages(AzureApi::management, AzurePaging::next_link, "/subscriptions?api-version=2022-12-01");
  EXPECT_EQ(count_items(*subscriptions, "value"), 3U);
  const auto first = azure->get(AzureApi::management, "/subscriptions?api-version=2022-12-01");
  const auto subscription = first->getArray("value")->getObject(0)->getValue<std::string>("subscriptionId");
  // Policy Insights @odata.nextLink (POST), every record once.
  auto states =
      azure->pages(AzureApi::management, AzurePaging::odata_next_link,
                   "/subscriptions/" + subscription +
                       "/providers/Microsoft.PolicyInsights/policyStates/latest/queryResults?api-version=2019-10-01",
                   new Poco::JSON::Object);
  std::set<std::string> keys;
  while (auto page = states->next()) {
    for (const auto& v : *page->getArray("value")) {
      const auto state = v.extract<Poco::JSON::Object::Ptr>();
      keys.insert(state->getValue<std::string>("policyAssignmentId") + state->getValue<std::string>("resourceId") +
                  state->getValue<std::string>("policyDefinitionReferenceId"));
    }
  }
  EXPECT_EQ(keys.size(), 25U);
  EXPECT_EQ(states->pages_read(), 7U);
  // Cost Management properties.nextLink, POST body repeated.
  auto costs = month_to_date_costs(*azure, subscription);
  EXPECT_GT(count_items(*costs, "properties.rows"), 0U);
  EXPECT_GE(costs->pages_read(), 1U);
  // Resource Graph $skipToken in the body.
  Poco::JSON::Object::Ptr graph_query = new Poco::JSON::Object;
  Poco::JSON::Array::Ptr subscriptions_array = new Poco::JSON::Array;
  for (const auto& s : *first->getArray("value"))
    subscriptions_array->add(s.extract<Poco::JSON::Object::Ptr>()->get("subscriptionId"));
  graph_query->set("subscriptions", subscriptions_array);
  graph_query->set("query", "Resources");
  auto resources = azure->pages(AzureApi::management, AzurePaging::skip_token_in_body,
                                "/providers/Microsoft.ResourceGraph/resources?api-version=2024-04-01", graph_query);
  EXPECT_EQ(count_items(*resources, "data"), 21U);
  EXPECT_EQ(resources->pages_read(), 6U);
  // Microsoft Graph @odata.nextLink (GET).
  auto users = azure->pages(AzureApi::graph, AzurePaging::odata_next_link, "/v1.0/users");
  EXPECT_EQ(count_items(*users, "value"), 15U);
  EXPECT_EQ(users->pages_read(), 4U);
}

TEST_F(AzureClientTest, AnEmptyListingIsOneEmptyPage) {
  start(R"("subscriptions": 0, "page_size": 5)");
  auto azure = client();  // pages are valid while their client is
  auto pages = azure->pages(AzureApi::management, AzurePaging::next_link, "/subscriptions?api-version=2022-12-01");
  const auto page = pages->next();
  ASSERT_TRUE(page);
  EXPECT_EQ(page->getArray("value")->size(), 0U);
  EXPECT_FALSE(pages->next());
}

TEST_F(AzureClientTest, HonoursRetryAfterOnThrottling) {
  start(R"("faults": {"throttle_every": 2, "retry_after": "2"})");
  auto azure = client();
  azure->get(AzureApi::management, "/subscriptions?api-version=2022-12-01");  // request 1
  const auto started = std::chrono::steady_clock::now();
  azure->get(AzureApi::management, "/subscriptions?api-version=2022-12-01");  // 2: 429, then 3: 200
  EXPECT_GE(std::chrono::steady_clock::now() - started, 2s);
  EXPECT_EQ(emulator_->request_count("/subscriptions"), 3U);
}

TEST_F(AzureClientTest, GetBytesReturnsTheBodyAsItCameWithinItsCap) {
  start(R"("subscriptions": 2)");
  auto azure = client();
  const auto bytes = azure->get_bytes(AzureApi::management, "/subscriptions?api-version=2022-12-01", 1 << 20);
  const auto parsed = Poco::JSON::Parser().parse(bytes).extract<Poco::JSON::Object::Ptr>();
  EXPECT_EQ(parsed->getArray("value")->size(), 2U);
  // The emulator declares its Content-Length: a smaller cap refuses the answer before reading it.
  try {
    azure->get_bytes(AzureApi::management, "/subscriptions?api-version=2022-12-01", bytes.size() - 1);
    FAIL() << "an answer over the cap was returned";
  } catch (const AzureError& e) {
    EXPECT_EQ(e.kind(), AzureErrorKind::malformed_response) << e.what();
    EXPECT_NE(std::string(e.what()).find("more than " + std::to_string(bytes.size() - 1) + " bytes"), std::string::npos)
        << e.what();
  }
  // An error status is an AzureError as for get().
  start(R"("faults": {"status_for_all": 404})");
  EXPECT_THROW(client()->get_bytes(AzureApi::graph, "/v1.0/users", 1 << 20), AzureError);
}

TEST_F(AzureClientTest, RetriesAServerErrorThenSucceeds) {
  start(R"("faults": {"server_error_every": 2, "server_error_status": 503})");
  auto azure = client();
  azure->get(AzureApi::management, "/subscriptions?api-version=2022-12-01");
  EXPECT_NO_THROW(azure->get(AzureApi::management, "/subscriptions?api-version=2022-12-01"));
  EXPECT_EQ(emulator_->request_count("/subscriptions"), 3U);
}

TEST_F(AzureClientTest, DoesNotRetryClientErrors) {
  for (const auto& [status, kind] : std::vector<std::pair<int, AzureErrorKind>>{{400, AzureErrorKind::bad_request},
                                                                                {401, AzureErrorKind::authentication},
                                                                                {403, AzureErrorKind::forbidden},
                                                                                {404, AzureErrorKind::not_found}}) {
    start(R"("faults": {"status_for_all": )" + std::to_string(status) + "}");
    try {
      client()->get(AzureApi::management, "/subscriptions?api-version=2022-12-01");
      ADD_FAILURE() << status << " did not fail";
    } catch (const AzureError& e) {
      EXPECT_EQ(e.kind(), kind) << status;
      EXPECT_EQ(e.status(), status);
      if (status == 403) {
        EXPECT_NE(std::string(e.what()).find("Reader role"), std::string::npos) << e.what();
      }
    }
    // A 401 is tried once more, with a fresh token, and no more; the others not at all.
    EXPECT_EQ(emulator_->request_count("/subscriptions"), status == 401 ? 2U : 1U) << status;
    EXPECT_EQ(tokens_->fetches(), status == 401 ? 2U : 1U) << status;
  }
}

TEST_F(AzureClientTest, AHungServerTimesOutWithinTheLimit) {
  start(R"("faults": {"hang_every": 1, "hang_ms": 20000})", [](host::AzureSettings& s) {
    s.request_timeout = 1s;
    s.max_attempts = 2;
  });
  const auto started = std::chrono::steady_clock::now();
  try {
    client()->get(AzureApi::management, "/subscriptions?api-version=2022-12-01");
    FAIL() << "a hung server did not time out";
  } catch (const AzureError& e) {
    EXPECT_EQ(e.kind(), AzureErrorKind::timeout) << e.what();
  }
  EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
}

TEST_F(AzureClientTest, AMalformedPageNamesTheUrl) {
  start(
      R"("subscriptions": 1, "policy_states_per_subscription": 30, "page_size": 10, "faults": {"malformed_page": 2})");
  auto azure = client();
  const auto subscription = azure->get(AzureApi::management, "/subscriptions?api-version=2022-12-01")
                                ->getArray("value")
                                ->getObject(0)
                                ->getValue<std::string>("subscriptionId");
  auto pages =
      azure->pages(AzureApi::management, AzurePaging::odata_next_link,
                   "/subscriptions/" + subscription +
                       "/providers/Microsoft.PolicyInsights/policyStates/latest/queryResults?api-version=2019-10-01",
                   new Poco::JSON::Object);
  ASSERT_TRUE(pages->next());
  try {
    pages->next();
    FAIL() << "a malformed page was accepted";
  } catch (const AzureError& e) {
    EXPECT_EQ(e.kind(), AzureErrorKind::malformed_response);
    EXPECT_NE(std::string(e.what()).find("policyStates/latest/queryResults"), std::string::npos) << e.what();
  }
}

TEST_F(AzureClientTest, FetchesOneTokenPerTenantAndScopeAndRenewsItBeforeExpiry) {
  start(R"("token_expires_in": 302)");
  auto first = client();
  auto second = client();
  for (int i = 0; i < 3; ++i) {
    first->get(AzureApi::management, "/subscriptions?api-version=2022-12-01");
    second->get(AzureApi::management, "/subscriptions?api-version=2022-12-01");
    second->get(AzureApi::graph, "/v1.0/domains");
  }
  EXPECT_EQ(emulator_->request_count("/oauth2/v2.0/token"), 2U);  // management and graph
  EXPECT_EQ(tokens_->fetches(), 2U);
  std::this_thread::sleep_for(2500ms);  // 302 s tokens are renewed 300 s early: now due
  first->get(AzureApi::management, "/subscriptions?api-version=2022-12-01");
  EXPECT_EQ(emulator_->request_count("/oauth2/v2.0/token"), 3U);
}

// Rotated signing keys or revoked consent make the API refuse a cached token
// long before it expires: the client drops it and tries once with a fresh one,
// which every later call shares.
TEST_F(AzureClientTest, ATokenTheApiRefusesIsDroppedAndTheCallTriedOnceWithAFreshOne) {
  start("");
  auto first = client();
  first->get(AzureApi::management, "/subscriptions?api-version=2022-12-01");
  ASSERT_EQ(tokens_->fetches(), 1U);
  const auto port = std::stoi(emulator_->base_url().substr(emulator_->base_url().rfind(':') + 1));
  ASSERT_EQ(http_request(port, "POST", "/_emulator/rotate_keys").status, 200);
  EXPECT_NO_THROW(first->get(AzureApi::management, "/subscriptions?api-version=2022-12-01"));
  EXPECT_EQ(tokens_->fetches(), 2U);
  auto second = client();
  EXPECT_NO_THROW(second->get(AzureApi::management, "/subscriptions?api-version=2022-12-01"));
  EXPECT_EQ(tokens_->fetches(), 2U) << "the fresh token is shared";
  EXPECT_NE(log_.text().find("HTTP 401 with a cached token"), std::string::npos) << log_.text();
}

TEST_F(AzureClientTest, AWrongSecretIsAnAuthenticationErrorWithItsCode) {
  start("");
  write_file(dir_ / "secret", "not-the-secret\n");
  try {
    client()->get(AzureApi::management, "/subscriptions?api-version=2022-12-01");
    FAIL() << "a wrong secret was accepted";
  } catch (const AzureError& e) {
    EXPECT_EQ(e.kind(), AzureErrorKind::authentication);
    EXPECT_EQ(e.code(), "AADSTS7000215");
    EXPECT_EQ(std::string(e.what()).find("not-the-secret"), std::string::npos);
  }
}

TEST_F(AzureClientTest, ManagedIdentityTokensComeFromImds) {
  start(R"("managed_identity": true)");
  tenant_.managed_identity = true;
  tenant_.client_secret_file.clear();
  EXPECT_NO_THROW(client()->get(AzureApi::management, "/subscriptions?api-version=2022-12-01"));
  EXPECT_EQ(emulator_->request_count("/metadata/identity/oauth2/token"), 1U);
}

struct LoggedRequest {
  std::string path;
  std::int64_t started_ms = 0;
  std::int64_t finished_ms = 0;
};

std::vector<LoggedRequest> api_requests(const EmulatorProcess& emulator) {
  const auto json = Poco::JSON::Parser().parse(emulator.requests_json()).extract<Poco::JSON::Object::Ptr>();
  std::vector<LoggedRequest> requests;
  for (const auto& entry : *json->getArray("requests")) {
    const auto request = entry.extract<Poco::JSON::Object::Ptr>();
    const auto path = request->getValue<std::string>("path");
    if (path.find("/oauth2/") != std::string::npos) continue;
    const auto started = request->getValue<std::int64_t>("started_ms");
    requests.push_back({path, started, started + request->getValue<std::int64_t>("duration_ms")});
  }
  return requests;
}

std::int64_t epoch_ms_now() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

TEST_F(AzureClientTest, ListingsStartedTogetherAreFetchedTogether) {
  start(R"("users": 12, "subscriptions": 2, "page_size": 4, "latency_ms": 300)");
  auto azure = client();
  azure->get(AzureApi::graph, "/v1.0/users?$top=1");  // tokens for both APIs first
  azure->get(AzureApi::management, "/subscriptions?api-version=2022-12-01");
  const auto before = api_requests(*emulator_).size();
  auto users = azure->pages(AzureApi::graph, AzurePaging::odata_next_link, "/v1.0/users");
  auto subscriptions =
      azure->pages(AzureApi::management, AzurePaging::next_link, "/subscriptions?api-version=2022-12-01");
  ASSERT_TRUE(subscriptions->next());
  ASSERT_TRUE(users->next());
  auto requests = api_requests(*emulator_);
  requests.erase(requests.begin(), requests.begin() + static_cast<std::ptrdiff_t>(before));
  ASSERT_GE(requests.size(), 2U);
  // Both first pages were asked for before either answer came.
  EXPECT_LT(std::max(requests[0].started_ms, requests[1].started_ms),
            std::min(requests[0].finished_ms, requests[1].finished_ms));
}

TEST_F(AzureClientTest, TheNextPageIsOnItsWayWhileTheCurrentOneIsWorkedOn) {
  start(R"("users": 12, "guests": 3, "page_size": 4, "latency_ms": 200)");
  auto azure = client();
  auto users = azure->pages(AzureApi::graph, AzurePaging::odata_next_link, "/v1.0/users");
  ASSERT_TRUE(users->next());
  std::this_thread::sleep_for(500ms);  // the plugin writes the first page
  const auto asked_for_second = epoch_ms_now();
  ASSERT_TRUE(users->next());
  std::vector<LoggedRequest> pages;
  for (const auto& request : api_requests(*emulator_))
    if (request.path == "/v1.0/users") pages.push_back(request);
  ASSERT_GE(pages.size(), 2U);
  EXPECT_LE(pages[1].finished_ms, asked_for_second) << "the second page was fetched only when it was asked for";
  EXPECT_EQ(count_items(*users, "value") + 8U, 15U);  // the rest of the listing, each page once
  EXPECT_EQ(users->pages_read(), 4U);
}

TEST_F(AzureClientTest, ADroppedListingDoesNotWaitOutTheRetryAfterOfThePageFetchedAhead) {
  // Request 2, the second page fetched ahead, is throttled for 30 s.
  start(R"("users": 12, "guests": 3, "page_size": 4, "faults": {"throttle_every": 2, "retry_after": "30"})");
  auto azure = client();
  auto users = azure->pages(AzureApi::graph, AzurePaging::odata_next_link, "/v1.0/users");
  ASSERT_TRUE(users->next());
  ASSERT_TRUE(eventually([&] { return emulator_->request_count("/v1.0/users") >= 2; }, 5s));
  std::this_thread::sleep_for(200ms);  // the throttled answer is in: the fetch waits to retry
  const auto dropped = std::chrono::steady_clock::now();
  users.reset();  // the plugin gave up on the listing
  EXPECT_LT(std::chrono::steady_clock::now() - dropped, 10s) << "the dropped listing waited out the Retry-After";
}

TEST_F(AzureClientTest, RefusesANextLinkToAnotherHost) {
  start("");
  EXPECT_THROW(client()->url_for(AzureApi::management, "https://attacker.example/steal?token"), AzureError);
  EXPECT_EQ(client()->url_for(AzureApi::management, emulator_->base_url() + "/subscriptions?x=1"),
            emulator_->base_url() + "/subscriptions?x=1");
}

}  // namespace
}  // namespace govsync::test
