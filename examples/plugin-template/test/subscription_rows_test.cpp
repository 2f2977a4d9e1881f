// The row mapping, without govsync, Azure or a database: a page as the ARM
// subscriptions list answers, and the rows the plugin would hand the writer.
#include "subscription_rows.hpp"

#include <gtest/gtest.h>

#include <Poco/JSON/Parser.h>

#include <string>
#include <variant>

namespace {

Poco::JSON::Object::Ptr page(const std::string& json) {
  return Poco::JSON::Parser().parse(json).extract<Poco::JSON::Object::Ptr>();
}

// The text a row sets in `column`, "" when it does not set it as text.
std::string text(const govsync::Row& row, const std::string& column) {
  for (const auto& [name, value] : row.cells()) {
    if (name == column) {
      const auto* set = std::get_if<std::string>(&value);
      return set != nullptr ? *set : std::string();
    }
  }
  return {};
}

const char* kPage = R"({"value": [
  {"subscriptionId": "11111111-1111-1111-1111-111111111111", "displayName": "Production", "state": "Enabled"},
  {"subscriptionId": "22222222-2222-2222-2222-222222222222", "displayName": "Old", "state": "Disabled"},
  {"subscriptionId": "33333333-3333-3333-3333-333333333333", "displayName": "Over budget", "state": "Warned"}]})";

TEST(SubscriptionRows, KeepsActiveSubscriptionsWithTheirColumns) {
  const auto rows = example::subscription_rows(*page(kPage), false);
  ASSERT_EQ(rows.size(), 2U);
  EXPECT_EQ(text(rows[0], "subscription_id"), "11111111-1111-1111-1111-111111111111");
  EXPECT_EQ(text(rows[0], "display_name"), "Production");
  EXPECT_EQ(text(rows[0], "state"), "Enabled");
  EXPECT_EQ(text(rows[1], "state"), "Warned");
  // tenant_id and sync_run_id are the writer's to set, never the plugin's.
  EXPECT_EQ(rows[0].cells().size(), 3U);
}

TEST(SubscriptionRows, IncludeDisabledKeepsEverySubscription) {
  const auto rows = example::subscription_rows(*page(kPage), true);
  ASSERT_EQ(rows.size(), 3U);
  EXPECT_EQ(text(rows[1], "display_name"), "Old");
  EXPECT_EQ(text(rows[1], "state"), "Disabled");
}

TEST(SubscriptionRows, AnEmptyPageGivesNoRows) {
  EXPECT_TRUE(example::subscription_rows(*page(R"({"value": []})"), true).empty());
}

}  // namespace
