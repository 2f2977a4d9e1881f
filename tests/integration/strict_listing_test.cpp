// A listing's pages are what delete-unseen trusts: a 2xx page that is not a
// page of its listing ends the listing with malformed_response, for good,
// instead of looking like its end. Against the emulator over real HTTP.
#include "azure/listing_check.hpp"
#include "azure_client_fixture.hpp"

namespace govsync::test {
namespace {

// Reads a listing to its end; the error it ended with (none: "").
std::string read_to_end(govsync::AzurePages& pages, std::size_t& pages_read) {
  try {
    while (pages.next()) ++pages_read;
  } catch (const AzureError& e) {
    EXPECT_EQ(e.kind(), AzureErrorKind::malformed_response) << e.what();
    // Asked again, the listing does not pretend to be over.
    EXPECT_THROW(pages.next(), AzureError);
    return e.what();
  }
  return {};
}

// Tenant fields whose listings answer `body` in place of their page `page`.
std::string bogus(const std::string& fields, int page, const std::string& body) {
  Poco::JSON::Object faults;
  faults.set("bogus_page", page);
  faults.set("bogus_body", body);
  std::ostringstream text;
  faults.stringify(text);
  return fields + R"(, "faults": )" + text.str();
}

TEST_F(AzureClientTest, AGraphPageWithoutItsListIsAnErrorNotTheEndOfTheListing) {
  // Each is a 200 a real service or proxy has been seen to send, or could.
  const std::vector<std::pair<std::string, std::string>> bodies = {
      {"{}", "no \"value\" list"},
      {R"({"value": null})", "\"value\" is null or not an array"},
      {R"({"value": {"id": "x"}})", "\"value\" is null or not an array"},
      {R"({"error": {"code": "InternalServerError", "message": "try later"}})", "InternalServerError: try later"},
  };
  for (const auto& [body, expected] : bodies) {
    start(bogus(R"("users": 12, "guests": 0, "page_size": 4)", 2, body));
    auto azure = client();
    auto users = azure->pages(AzureApi::graph, AzurePaging::odata_next_link, "/v1.0/users");
    std::size_t pages = 0;
    const auto error = read_to_end(*users, pages);
    EXPECT_EQ(pages, 1U) << body;
    EXPECT_NE(error.find(expected), std::string::npos) << body << " -> " << error;
    EXPECT_NE(error.find("/v1.0/users"), std::string::npos) << error;
  }
}

TEST_F(AzureClientTest, AResourceGraphPageInTableFormatIsRefused) {
  // QueryResponse with resultFormat "table": "data" is {"columns", "rows"}.
  start(bogus(R"("resources_per_subscription": 3, "page_size": 10)", 1,
              R"({"totalRecords": 3, "count": 3, "data": {"columns": [{"name": "id"}], "rows": [["a"], ["b"]]}})"));
  auto azure = client();
  Poco::JSON::Object::Ptr query = new Poco::JSON::Object;
  query->set("query", "Resources");
  auto resources = azure->pages(AzureApi::management, AzurePaging::skip_token_in_body,
                                "/providers/Microsoft.ResourceGraph/resources?api-version=2024-04-01", query);
  std::size_t pages = 0;
  EXPECT_NE(read_to_end(*resources, pages).find("table format"), std::string::npos);
  EXPECT_EQ(pages, 0U);
}

TEST_F(AzureClientTest, ACostQueryPageWithoutRowsIsRefused) {
  // Page 2: the subscriptions listing, one page long, stays whole.
  start(bogus(R"("cost_days": 5, "cost_groups": 3, "page_size": 4)", 2, R"({"properties": {"nextLink": null}})"));
  auto azure = client();
  const auto subscription = azure->get(AzureApi::management, "/subscriptions?api-version=2022-12-01")
                                ->getArray("value")
                                ->getObject(0)
                                ->getValue<std::string>("subscriptionId");
  auto costs = month_to_date_costs(*azure, subscription);
  std::size_t pages = 0;
  EXPECT_NE(read_to_end(*costs, pages).find("properties.rows"), std::string::npos);
}

TEST_F(AzureClientTest, ANextLinkBackToAPageAlreadyReadEndsTheListingWithAnError) {
  // Without the check this listing never ends: each page links to the first.
  start(
      bogus(R"("subscriptions": 2)", 1, R"({"value": [], "nextLink": "{base}/subscriptions?api-version=2022-12-01"})"));
  auto azure = client();
  auto subscriptions =
      azure->pages(AzureApi::management, AzurePaging::next_link, "/subscriptions?api-version=2022-12-01");
  std::size_t pages = 0;
  EXPECT_NE(read_to_end(*subscriptions, pages).find("the same next link"), std::string::npos);
  EXPECT_LE(pages, 1U);
}

TEST(ListingCheck, ARepeatedSkipTokenAndTooManyPagesAreRefused) {
  host::ListingCheck tokens(AzurePaging::skip_token_in_body, "POST /rg");
  tokens.check_next("t1");
  tokens.check_next("t2");
  EXPECT_THROW(tokens.check_next("t1"), AzureError);

  // Resource Graph says a truncated result by resultTruncated without a $skipToken.
  host::ListingCheck truncated(AzurePaging::skip_token_in_body, "POST /rg");
  Poco::JSON::Object cut;
  cut.set("data", Poco::JSON::Array::Ptr(new Poco::JSON::Array));
  cut.set("resultTruncated", "true");
  EXPECT_THROW(truncated.check_page(cut), AzureError);
  cut.set("$skipToken", "t3");
  EXPECT_NO_THROW(truncated.check_page(cut));

  host::ListingCheck capped(AzurePaging::next_link, "GET /x", 3);
  Poco::JSON::Object page;
  page.set("value", Poco::JSON::Array::Ptr(new Poco::JSON::Array));
  for (int i = 0; i < 3; ++i) capped.check_page(page);
  try {
    capped.check_page(page);
    FAIL() << "a fourth page passed a cap of three";
  } catch (const AzureError& e) {
    EXPECT_NE(std::string(e.what()).find("past 3 pages"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace govsync::test
