#pragma once
// The Azure client against a fresh emulator: a fixture shared by the client's
// test files. Every test checks that no secret or token was logged.
#include <Poco/JSON/Array.h>
#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <sstream>

#include "azure/azure_client_impl.hpp"
#include "test_support.hpp"

namespace govsync::test {

using govsync::AzureApi;
using govsync::AzureError;
using govsync::AzureErrorKind;
using govsync::AzurePaging;
using namespace std::chrono_literals;

inline constexpr const char* kDirectory = "aaaaaaaa-0000-0000-0000-000000000001";
inline constexpr const char* kClient = "cccccccc-0000-0000-0000-000000000001";
inline constexpr const char* kSecret = "emulator-secret-value-1";

inline std::string scenario(const std::string& tenant_fields) {
  return std::string(R"({"seed": 7, "tenants": [{"directory_id": ")") + kDirectory + R"(", "client_id": ")" + kClient +
         R"(", "client_secret": ")" + kSecret + "\"" + (tenant_fields.empty() ? "" : ", " + tenant_fields) + "}]}";
}

// Everything the client logs, to check that no secret or token is ever in it.
class CapturedLog {
 public:
  CapturedLog() {
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(text_);
    logger_ = std::make_shared<spdlog::logger>("azure-test", sink);
    logger_->set_level(spdlog::level::trace);
  }
  std::shared_ptr<spdlog::logger> logger() const { return logger_; }
  std::string text() const { return text_.str(); }

 private:
  std::ostringstream text_;
  std::shared_ptr<spdlog::logger> logger_;
};

class AzureClientTest : public ::testing::Test {
 protected:
  void start(const std::string& tenant_fields, std::function<void(host::AzureSettings&)> tune = {}) {
    emulator_ = std::make_unique<EmulatorProcess>(scenario(tenant_fields));
    tokens_ = std::make_unique<host::TokenCache>();  // a new emulator knows none of the old tokens
    write_file(dir_ / "secret", std::string(kSecret) + "\n");
    tenant_.id = "t1";
    tenant_.directory_id = kDirectory;
    tenant_.client_id = kClient;
    tenant_.client_secret_file = dir_ / "secret";
    settings_.authority = settings_.management = settings_.graph = emulator_->base_url();
    settings_.imds_endpoint = emulator_->base_url() + "/metadata/identity/oauth2/token";
    settings_.request_timeout = 10s;
    if (tune) tune(settings_);
  }
  std::unique_ptr<host::AzureClientImpl> client() {
    return std::make_unique<host::AzureClientImpl>(
        tenant_, settings_, *tokens_, [] { return false; }, log_.logger());
  }
  // This month's actual cost of a subscription, paged by properties.nextLink with the body repeated.
  static std::unique_ptr<govsync::AzurePages> month_to_date_costs(govsync::AzureClient& azure,
                                                                  const std::string& subscription) {
    Poco::JSON::Object::Ptr query = new Poco::JSON::Object;
    query->set("type", "ActualCost");
    query->set("timeframe", "MonthToDate");
    return azure.pages(
        AzureApi::management, AzurePaging::properties_next_link,
        "/subscriptions/" + subscription + "/providers/Microsoft.CostManagement/query?api-version=2023-03-01", query);
  }
  static std::size_t count_items(govsync::AzurePages& pages, const std::string& array_path) {
    std::size_t items = 0;
    while (auto page = pages.next()) {
      Poco::JSON::Array::Ptr array;
      if (array_path == "properties.rows") {
        array = page->getObject("properties")->getArray("rows");
      } else {
        array = page->getArray(array_path);
      }
      items += array ? array->size() : 0;
    }
    return items;
  }
  void TearDown() override {
    const auto logged = log_.text();
    EXPECT_EQ(logged.find(kSecret), std::string::npos) << "the client secret was logged";
    EXPECT_EQ(logged.find("Bearer "), std::string::npos) << "a token was logged";
  }

  TempDir dir_;
  std::unique_ptr<EmulatorProcess> emulator_;
  host::TenantSettings tenant_;
  host::AzureSettings settings_;
  std::unique_ptr<host::TokenCache> tokens_;
  CapturedLog log_;
};

}  // namespace govsync::test
