// The ARM-based plugins' parsers on the real response shapes in
// tests/samples/azure/ (Azure REST API spec examples), and the same parsers
// on the emulator's responses: the emulator speaks the real shapes.
#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <govsync/azure_subscriptions.hpp>

#include "azure/azure_client_impl.hpp"
#include "cost_query_parser.hpp"
#include "policy_state_parser.hpp"
#include "resource_parser.hpp"
#include "test_support.hpp"

namespace govsync::test {
namespace {

// The 200 response body of a spec example file.
Poco::JSON::Object::Ptr sample_body(const std::string& file) {
  const auto text = read_file(source_dir() / "tests" / "samples" / "azure" / file);
  const auto example = Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
  return example->getObject("responses")->getObject("200")->getObject("body");
}

TEST(SampleShapes, PolicyStatesParseFieldByField) {
  std::size_t skipped = 0;
  const auto states = compliance::parse_policy_states(
      *sample_body("azure_policyinsights_PolicyStates_QuerySubscriptionScope_2024-10-01.json"), &skipped);
  ASSERT_EQ(states.size(), 2U);
  EXPECT_EQ(skipped, 0U);
  const auto& first = states[0];
  EXPECT_EQ(first.subscription_id, "fffedd8f-ffff-fffd-fffd-fffed2f84852");
  EXPECT_EQ(first.policy_assignment_id,
            "/subscriptions/fffedd8f-ffff-fffd-fffd-fffed2f84852/providers/Microsoft.Authorization/policyAssignments/"
            "Enable Monitoring in Azure Security Center");
  EXPECT_EQ(first.policy_definition_id,
            "/providers/Microsoft.Authorization/policyDefinitions/9daedab3-fb2d-461e-b861-71790eead4f6");
  EXPECT_EQ(first.policy_definition_reference_id, "");  // null in the sample
  EXPECT_EQ(first.policy_name, "Enable Monitoring in Azure Security Center");
  EXPECT_EQ(first.category, "myGroup");
  EXPECT_EQ(first.compliance_state, "NonCompliant");
  EXPECT_EQ(first.timestamp, "2019-10-09T17:48:05Z");
  EXPECT_NE(first.resource_id.find("/publicIPAddresses/mypubip1"), std::string::npos);
  EXPECT_EQ(states[1].policy_name, "9ac09b0657d942e5ad4041a6");
  compliance::ComplianceCounts counts;
  for (const auto& s : states) counts.add(s);
  EXPECT_EQ(counts.non_compliant, 2);
  EXPECT_EQ(counts.percent(), 0.0);
}

TEST(SampleShapes, PolicyStatesWithANextLink) {
  const auto body = sample_body("azure_policyinsights_PolicyStates_QuerySubscriptionScopeNextLink_2019-10-01.json");
  EXPECT_EQ(compliance::parse_policy_states(*body).size(), 2U);
  EXPECT_NE(json::text(*body, "@odata.nextLink").find("$skipToken="), std::string::npos);
}

TEST(SampleShapes, CostColumnsAreFoundByName) {
  const auto rows = costs::parse_cost_page(*sample_body("azure_costmanagement_SubscriptionQuery_2023-03-01.json"));
  ASSERT_EQ(rows.size(), 4U);
  EXPECT_DOUBLE_EQ(rows[0].cost, 2.10333307059661);
  EXPECT_EQ(rows[0].resource_group, "ScreenSharingTest-peer");
  EXPECT_EQ(rows[0].usage_date, "2018-03-31");
  EXPECT_EQ(rows[0].currency, "USD");
  EXPECT_EQ(rows[0].service_name, "");  // the query did not group by service
  EXPECT_EQ(rows[3].usage_date, "2018-04-29");
  // Without a date column (a non-daily query), rows have no date.
  const auto grouped =
      costs::parse_cost_page(*sample_body("azure_costmanagement_SubscriptionQueryGrouping_2023-11-01.json"));
  ASSERT_EQ(grouped.size(), 4U);
  EXPECT_FALSE(grouped[0].usage_date.has_value());
  EXPECT_EQ(grouped[1].resource_group, "Ict_StratAndPlan_GoldSprova_Prod_1");
  EXPECT_DOUBLE_EQ(grouped[1].cost, 218.68795741935486);
}

TEST(SampleShapes, CostPagesWithoutColumnsAreRefusedClearly) {
  Poco::JSON::Object page;
  EXPECT_THROW(costs::parse_cost_page(page), costs::CostShapeError);
  EXPECT_EQ(costs::normalise_usage_date("20261101"), "2026-11-01");
  EXPECT_EQ(costs::normalise_usage_date("20261101.0"), "2026-11-01");
  EXPECT_EQ(costs::normalise_usage_date("2026-11-01T00:00:00"), "2026-11-01");
  EXPECT_FALSE(costs::normalise_usage_date("yesterday").has_value());
}

TEST(SampleShapes, ResourceGraphRows) {
  const auto records =
      resources::parse_resource_graph_page(*sample_body("azure_resourcegraph_ResourcesFirstPageQuery_2024-04-01.json"));
  ASSERT_EQ(records.size(), 3U);
  EXPECT_EQ(records[0].name, "yetanothertest_OsDisk_1_f396cbcb625a457bb69fe2abf5975820");
  EXPECT_EQ(records[0].type, "microsoft.compute/disks");
  EXPECT_EQ(records[0].location, "eastus");
  EXPECT_EQ(records[0].subscription_id, "cfbbd179-59d2-4052-aa06-9270a38aa9d6");
  EXPECT_EQ(records[0].resource_group, "RG1");
  EXPECT_FALSE(records[0].is_orphan);  // the query projected nothing that tells
  EXPECT_EQ(records[2].type, "microsoft.automation/automationaccounts/runbooks");
  EXPECT_EQ(records[2].resource_group, "RG2");
}

TEST(SampleShapes, SubscriptionsAndAnEmptyResourceList) {
  const auto subscriptions = parse_subscriptions(*sample_body("azure_resources_GetSubscriptions_2022-12-01.json"));
  ASSERT_EQ(subscriptions.size(), 2U);
  EXPECT_EQ(subscriptions[0].id, "291bba3f-e0a5-47bc-a099-3bdcb2a50a05");
  EXPECT_EQ(subscriptions[0].state, "Enabled");
  EXPECT_EQ(subscriptions[0].display_name, "Example Subscription");
  EXPECT_TRUE(
      resources::parse_arm_resources_page(*sample_body("azure_resources_ListResources_2021-04-01.json")).empty());
}

TEST(SampleShapes, OrphanRule) {
  Poco::JSON::Object unattached;
  unattached.set("diskState", "Unattached");
  resources::ResourceRecord disk;
  disk.type = "microsoft.compute/disks";
  resources::classify_orphan(disk, &unattached, true);
  EXPECT_TRUE(disk.is_orphan);
  resources::ResourceRecord ip;
  ip.type = "microsoft.network/publicipaddresses";
  Poco::JSON::Object no_configuration;
  resources::classify_orphan(ip, &no_configuration, false);
  EXPECT_TRUE(ip.is_orphan);
  resources::ResourceRecord vm;
  vm.type = "microsoft.compute/virtualmachines";
  resources::classify_orphan(vm, &no_configuration, false);
  EXPECT_FALSE(vm.is_orphan);
}

// The orphan rule on properties in the ARM shapes (see resource_parser.cpp for
// the documents); "" stands for a query that projected no properties.
resources::ResourceRecord judged(const std::string& type, const std::string& properties) {
  resources::ResourceRecord record;
  record.type = type;
  if (properties.empty()) {
    resources::classify_orphan(record, nullptr, false);
  } else {
    const auto object = Poco::JSON::Parser().parse(properties).extract<Poco::JSON::Object::Ptr>();
    resources::classify_orphan(record, object.get(), false);
  }
  return record;
}

// An in-use and an orphaned example of `type`, the orphan's reason, and no judgement without properties.
void expect_rule(const std::string& type, const std::string& in_use, const std::string& orphaned,
                 const std::string& reason) {
  EXPECT_FALSE(judged(type, in_use).is_orphan) << type << " " << in_use;
  const auto orphan = judged(type, orphaned);
  EXPECT_TRUE(orphan.is_orphan) << type << " " << orphaned;
  EXPECT_EQ(orphan.orphan_reason, reason) << type;
  EXPECT_FALSE(judged(type, "").is_orphan) << type << ": no properties, no judgement";
}

constexpr const char* kNic = "microsoft.network/networkinterfaces";
constexpr const char* kNicOrphanReason =
    "network interface not used by any virtual machine, private endpoint, private link service or hosted workload";

TEST(OrphanRule, NicAttachedToAVirtualMachineOrPrivateEndpointIsInUse) {
  expect_rule(kNic, R"({"virtualMachine": {"id": "/subscriptions/s/resourceGroups/g/providers/x/vm1"}})",
              R"({"ipConfigurations": [{"id": "/n/ipConfigurations/ipconfig1"}]})", kNicOrphanReason);
  EXPECT_FALSE(judged(kNic, R"({"privateEndpoint": {"id": "/p/privateEndpoints/pe1"}})").is_orphan);
}

TEST(OrphanRule, NicFrontingAPrivateLinkServiceIsInUse) {
  expect_rule(kNic, R"({"privateLinkService": {"id": "/p/privateLinkServices/pls1"}})", R"({"primary": false})",
              kNicOrphanReason);
}

TEST(OrphanRule, NicHostingANetAppOrBareMetalWorkloadIsInUse) {
  expect_rule(kNic, R"({"hostedWorkloads": ["/p/Microsoft.NetApp/netAppAccounts/a/capacityPools/p/volumes/v"]})",
              R"({"hostedWorkloads": []})", kNicOrphanReason);
}

TEST(OrphanRule, NetworkSecurityGroupOnNoSubnetAndNoInterface) {
  const std::string type = "microsoft.network/networksecuritygroups";
  const std::string reason = "network security group not associated with any subnet or network interface";
  expect_rule(type, R"({"subnets": [{"id": "/v/subnets/default"}]})", R"({"securityRules": []})", reason);
  expect_rule(type, R"({"networkInterfaces": [{"id": "/n/nic1"}], "subnets": []})",
              R"({"networkInterfaces": [], "subnets": []})", reason);
}

TEST(OrphanRule, RouteTableOnNoSubnet) {
  expect_rule("microsoft.network/routetables", R"({"routes": [], "subnets": [{"id": "/v/subnets/default"}]})",
              R"({"routes": [], "disableBgpRoutePropagation": false})", "route table not associated with any subnet");
}

TEST(OrphanRule, LoadBalancerWithNoBackendPool) {
  expect_rule("microsoft.network/loadbalancers",
              R"({"backendAddressPools": [{"id": "/l/backendAddressPools/pool1", "name": "pool1"}]})",
              R"({"backendAddressPools": [], "frontendIPConfigurations": []})", "load balancer with no backend pool");
}

TEST(OrphanRule, NatGatewayOnNoSubnet) {
  expect_rule("microsoft.network/natgateways", R"({"idleTimeoutInMinutes": 4, "subnets": [{"id": "/v/subnets/a"}]})",
              R"({"idleTimeoutInMinutes": 4, "publicIpAddresses": [{"id": "/p/pip1"}]})",
              "NAT gateway not associated with any subnet");
}

TEST(OrphanRule, AppServicePlanHostingNoApps) {
  const std::string type = "microsoft.web/serverfarms";
  expect_rule(type, R"({"numberOfSites": 2})", R"({"numberOfSites": 0, "status": "Ready"})",
              "App Service plan hosting no apps");
  EXPECT_FALSE(judged(type, R"({"status": "Ready"})").is_orphan) << "a plan that does not say how many apps";
}

TEST(OrphanRule, AvailabilitySetWithNoVirtualMachines) {
  expect_rule("microsoft.compute/availabilitysets", R"({"virtualMachines": [{"id": "/c/virtualMachines/vm1"}]})",
              R"({"platformFaultDomainCount": 2, "virtualMachines": []})", "availability set with no virtual machines");
}

// The same parsers on the emulator's answers.
TEST(EmulatorShapes, ParseWithTheSameCodeAsTheSamples) {
  EmulatorProcess emulator(R"({"seed": 3, "tenants": [{"directory_id": "aaaaaaaa-0000-0000-0000-000000000003",
      "client_id": "cccccccc-0000-0000-0000-000000000003", "client_secret": "s", "subscriptions": 2,
      "policy_states_per_subscription": 12, "resources_per_subscription": 30, "cost_days": 4, "cost_groups": 2,
      "page_size": 50}]})");
  TempDir dir;
  host::TokenCache tokens;
  const auto client = emulator_client(emulator, dir, "aaaaaaaa-0000-0000-0000-000000000003",
                                      "cccccccc-0000-0000-0000-000000000003", "s", tokens);
  auto& azure = *client;

  const auto subscriptions =
      parse_subscriptions(*azure.get(AzureApi::management, "/subscriptions?api-version=2022-12-01"));
  ASSERT_EQ(subscriptions.size(), 2U);
  const auto& sub = subscriptions[0].id;
  const auto states = compliance::parse_policy_states(
      *azure.post(AzureApi::management,
                  "/subscriptions/" + sub +
                      "/providers/Microsoft.PolicyInsights/policyStates/latest/queryResults?api-version=2019-10-01",
                  Poco::JSON::Object()));
  ASSERT_EQ(states.size(), 12U);
  for (const auto& s : states) {
    EXPECT_EQ(s.subscription_id, sub);
    EXPECT_FALSE(s.policy_name.empty());
    EXPECT_TRUE(s.compliance_state == "Compliant" || s.compliance_state == "NonCompliant" ||
                s.compliance_state == "Exempt");
  }
  Poco::JSON::Object query;
  query.set("type", "ActualCost");
  query.set("timeframe", "MonthToDate");
  const auto cost_rows = costs::parse_cost_page(
      *azure.post(AzureApi::management,
                  "/subscriptions/" + sub + "/providers/Microsoft.CostManagement/query?api-version=2023-03-01", query));
  ASSERT_FALSE(cost_rows.empty());
  for (const auto& c : cost_rows) {
    ASSERT_TRUE(c.usage_date.has_value());
    EXPECT_FALSE(c.service_name.empty());
    EXPECT_FALSE(c.currency.empty());
  }
  const auto arm = resources::parse_arm_resources_page(
      *azure.get(AzureApi::management, "/subscriptions/" + sub + "/resources?api-version=2021-04-01"));
  EXPECT_EQ(arm.size(), 30U);
  Poco::JSON::Object graph_query;
  Poco::JSON::Array::Ptr ids = new Poco::JSON::Array;
  ids->add(sub);
  graph_query.set("subscriptions", ids);
  graph_query.set("query", "Resources");
  const auto graph = resources::parse_resource_graph_page(*azure.post(
      AzureApi::management, "/providers/Microsoft.ResourceGraph/resources?api-version=2024-04-01", graph_query));
  ASSERT_EQ(graph.size(), 30U);
  std::size_t orphans = 0;
  for (const auto& r : graph) {
    EXPECT_EQ(r.subscription_id, sub);
    EXPECT_FALSE(r.resource_group.empty());
    orphans += r.is_orphan ? 1 : 0;
  }
  EXPECT_GT(orphans, 0U) << "the emulator makes some resources look orphaned";
}

}  // namespace
}  // namespace govsync::test
