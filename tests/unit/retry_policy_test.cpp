#include "azure/retry_policy.hpp"

#include <gtest/gtest.h>

#include "azure/azure_error_mapping.hpp"
#include "test_support.hpp"

namespace govsync::host {
namespace {

using std::chrono::milliseconds;

constexpr milliseconds kLongest(120000);  // [azure] max_retry_time's default

TEST(RetryPolicy, RetriesThrottlingAndServerErrorsOnly) {
  for (int status : {429, 500, 502, 503, 504}) EXPECT_TRUE(is_retryable_status(status)) << status;
  for (int status : {200, 400, 401, 403, 404, 409, 501}) EXPECT_FALSE(is_retryable_status(status)) << status;
}

TEST(RetryPolicy, ReadsRetryAfterAsSecondsOrHttpDate) {
  const auto now = std::chrono::system_clock::from_time_t(1700000000);  // Tue, 14 Nov 2023 22:13:20 GMT
  EXPECT_EQ(parse_retry_after("2", now, kLongest), milliseconds(2000));
  EXPECT_EQ(parse_retry_after("Tue, 14 Nov 2023 22:13:25 GMT", now, kLongest), milliseconds(5000));
  EXPECT_EQ(parse_retry_after("Tue, 14 Nov 2023 22:13:00 GMT", now, kLongest), milliseconds(0));  // in the past
  EXPECT_FALSE(parse_retry_after("", now, kLongest).has_value());
  EXPECT_FALSE(parse_retry_after("soon", now, kLongest).has_value());
}

// A huge Retry-After once overflowed into a negative wait: every retry at once.
TEST(RetryPolicy, AHugeRetryAfterIsClampedToTheLongestWaitNeverNegative) {
  const auto now = std::chrono::system_clock::from_time_t(1700000000);
  for (const auto* huge : {"9223372036854775", "9223372036854775807", "99999999999999999999999", "1000000"}) {
    EXPECT_EQ(parse_retry_after(huge, now, kLongest), kLongest) << huge;
  }
  EXPECT_EQ(parse_retry_after("Fri, 31 Dec 9999 23:59:59 GMT", now, kLongest), kLongest);
  EXPECT_EQ(parse_retry_after("0", now, kLongest), milliseconds(0));
}

TEST(RetryPolicy, BackoffGrowsWithJitterAndIsCapped) {
  std::mt19937_64 random(7);
  for (int retry = 1; retry <= 6; ++retry) {
    const auto ceiling = std::min<long long>(30000, 500LL << (retry - 1));
    for (int i = 0; i < 50; ++i) {
      const auto wait = backoff_delay(retry, random).count();
      EXPECT_GE(wait, ceiling / 2) << retry;
      EXPECT_LE(wait, ceiling) << retry;
    }
  }
  EXPECT_LE(backoff_delay(30, random), std::chrono::seconds(30));
}

TEST(AzureErrorMapping, NamesTheMissingRoleOnForbidden) {
  const auto error =
      api_error(403, R"({"error":{"code":"AuthorizationFailed","message":"no\nmore"}})", "POST",
                "https://management.azure.com/subscriptions/s/providers/Microsoft.CostManagement/query", 1);
  EXPECT_EQ(error.kind(), govsync::AzureErrorKind::forbidden);
  EXPECT_EQ(error.code(), "AuthorizationFailed");
  EXPECT_NE(std::string(error.what()).find("Cost Management Reader"), std::string::npos) << error.what();
  EXPECT_EQ(std::string(error.what()).find("more"), std::string::npos) << "only the first line of the message";
}

TEST(AzureErrorMapping, CarriesTheAadstsCodeOfATokenFailure) {
  const auto error = token_error(
      401,
      R"({"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided.\r\nTrace ID: x","error_codes":[7000215]})",
      "contoso", "https://management.azure.com/.default");
  EXPECT_EQ(error.kind(), govsync::AzureErrorKind::authentication);
  EXPECT_EQ(error.code(), "AADSTS7000215");
  EXPECT_NE(std::string(error.what()).find("tenant contoso"), std::string::npos);
  EXPECT_EQ(std::string(error.what()).find("Trace ID"), std::string::npos);
}

TEST(AzureErrorMapping, MapsStatusesToKinds) {
  EXPECT_EQ(api_error(401, "", "GET", "u", 1).kind(), govsync::AzureErrorKind::authentication);
  EXPECT_EQ(api_error(404, "", "GET", "u", 1).kind(), govsync::AzureErrorKind::not_found);
  EXPECT_EQ(api_error(429, "", "GET", "u", 5).kind(), govsync::AzureErrorKind::throttled);
  EXPECT_EQ(api_error(503, "", "GET", "u", 5).kind(), govsync::AzureErrorKind::server_error);
  EXPECT_EQ(api_error(400, "", "GET", "u", 1).kind(), govsync::AzureErrorKind::bad_request);
  EXPECT_NE(std::string(api_error(503, "", "GET", "u", 5).what()).find("after 5 attempts"), std::string::npos);
}

}  // namespace
}  // namespace govsync::host

namespace govsync::host {
namespace {

// The Entra token responses in tests/samples/entra/ (Microsoft identity platform docs).
TEST(EntraSamples, TheErrorResponseGivesItsAadstsCode) {
  const auto body = test::read_file(test::source_dir() /
                                    "tests/samples/entra/entra_oauth2_client_credentials_token_response_error.json");
  const auto error = token_error(400, body, "contoso", "https://foo.microsoft.com/.default");
  EXPECT_EQ(error.kind(), govsync::AzureErrorKind::authentication);
  EXPECT_EQ(error.code(), "AADSTS70011");
  EXPECT_NE(std::string(error.what()).find("invalid_scope"), std::string::npos) << error.what();
  EXPECT_NE(std::string(error.what()).find("The provided value for the input parameter 'scope' is not valid"),
            std::string::npos);
  EXPECT_EQ(std::string(error.what()).find("Trace ID"), std::string::npos) << "only the first line";
}

}  // namespace
}  // namespace govsync::host
