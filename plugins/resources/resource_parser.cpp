#include "resource_parser.hpp"

#include <govsync/json_fields.hpp>

#include <algorithm>
#include <array>
#include <cctype>

namespace govsync::resources {
namespace {

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

std::optional<std::string> non_empty(std::string text) {
  return text.empty() ? std::nullopt : std::optional<std::string>(std::move(text));
}

// The parts both shapes share.
ResourceRecord common_fields(const Poco::JSON::Object& item) {
  ResourceRecord record;
  record.id = json::text(item, "id");
  record.name = json::text(item, "name");
  record.type = lower(json::text(item, "type"));
  record.kind = json::text(item, "kind");
  record.location = json::text(item, "location");
  if (const auto sku = json::object(item, "sku")) {
    record.sku_name = json::text(*sku, "name");
    record.sku_tier = json::text(*sku, "tier");
  }
  if (const auto tags = json::object(item, "tags"); tags && tags->size() > 0)
    record.tags_json = json::compact(item, "tags");
  const auto [subscription, group] = subscription_and_group(record.id);
  record.subscription_id = subscription;
  record.resource_group = group;
  return record;
}

bool has_items(const Poco::JSON::Object& properties, const std::string& key) {
  const auto items = json::array(properties, key);
  return items && items->size() > 0;
}

// A resource kind whose properties tell whether anything uses it. Each field's
// name and shape is cited from Microsoft's ARM REST reference: the operation page
// at https://learn.microsoft.com/rest/api/<operation> and its definition in
// github.com/Azure/azure-rest-api-specs (Microsoft.Network: specification/network/
// resource-manager/Microsoft.Network/stable/2024-05-01/<file>). The kinds and
// conditions follow the community "Azure Orphan Resources" workbook's Resource
// Graph queries (github.com/dolevshor/azure-orphan-resources,
// Queries/orphan-resources-queries.md). "No X" is X absent, null or empty.
struct OrphanRule {
  const char* type;  // lower-case, as Resource Graph reports it
  bool (*in_use)(const Poco::JSON::Object& properties);
  const char* reason;
};

constexpr std::array<OrphanRule, 8> kRules{{
    // PublicIPAddressPropertiesFormat: ipConfiguration (SubResource), natGateway;
    // virtualnetwork/public-ip-addresses/get, publicIpAddress.json.
    {"microsoft.network/publicipaddresses",
     [](const Poco::JSON::Object& p) { return json::object(p, "ipConfiguration") || json::object(p, "natGateway"); },
     "public IP address not associated with any resource"},
    // NetworkInterfacePropertiesFormat: virtualMachine (SubResource), privateEndpoint
    // (PrivateEndpoint), privateLinkService (PrivateLinkService), hostedWorkloads
    // (array of strings: linked BareMetal / NetApp resources); virtualnetwork/
    // network-interfaces/get, networkInterface.json.
    {"microsoft.network/networkinterfaces",
     [](const Poco::JSON::Object& p) {
       return json::object(p, "virtualMachine") || json::object(p, "privateEndpoint") ||
              json::object(p, "privateLinkService") || has_items(p, "hostedWorkloads");
     },
     "network interface not used by any virtual machine, private endpoint, private link service or hosted workload"},
    // NetworkSecurityGroupPropertiesFormat: subnets, networkInterfaces (read-only
    // arrays); virtualnetwork/network-security-groups/get, networkSecurityGroup.json.
    {"microsoft.network/networksecuritygroups",
     [](const Poco::JSON::Object& p) { return has_items(p, "subnets") || has_items(p, "networkInterfaces"); },
     "network security group not associated with any subnet or network interface"},
    // RouteTablePropertiesFormat: subnets (read-only array); virtualnetwork/
    // route-tables/get, routeTable.json.
    {"microsoft.network/routetables", [](const Poco::JSON::Object& p) { return has_items(p, "subnets"); },
     "route table not associated with any subnet"},
    // LoadBalancerPropertiesFormat: backendAddressPools (array of BackendAddressPool);
    // virtualnetwork/load-balancers/get, loadBalancer.json.
    {"microsoft.network/loadbalancers", [](const Poco::JSON::Object& p) { return has_items(p, "backendAddressPools"); },
     "load balancer with no backend pool"},
    // NatGatewayPropertiesFormat: subnets (read-only array of SubResource);
    // virtualnetwork/nat-gateways/get, natGateway.json.
    {"microsoft.network/natgateways", [](const Poco::JSON::Object& p) { return has_items(p, "subnets"); },
     "NAT gateway not associated with any subnet"},
    // AppServicePlan properties: numberOfSites (read-only int32, "Number of apps
    // assigned to this App Service plan"); appservice/app-service-plans/get,
    // Microsoft.Web AppServicePlans.json. A plan whose count is missing is not judged.
    {"microsoft.web/serverfarms",
     [](const Poco::JSON::Object& p) {
       const auto sites = json::number(p, "numberOfSites");
       return !sites || *sites > 0;
     },
     "App Service plan hosting no apps"},
    // AvailabilitySetProperties: virtualMachines (array of SubResource);
    // compute/availability-sets/get, Microsoft.Compute availabilitySet.json.
    {"microsoft.compute/availabilitysets", [](const Poco::JSON::Object& p) { return has_items(p, "virtualMachines"); },
     "availability set with no virtual machines"},
}};

}  // namespace

std::pair<std::string, std::string> subscription_and_group(const std::string& resource_id) {
  const auto lowered = lower(resource_id);
  auto segment_after = [&](const std::string& marker) -> std::string {
    const auto at = lowered.find(marker);
    if (at == std::string::npos) return {};
    const auto begin = at + marker.size();
    const auto end = resource_id.find('/', begin);
    return resource_id.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
  };
  return {segment_after("/subscriptions/"), segment_after("/resourcegroups/")};
}

void classify_orphan(ResourceRecord& record, const Poco::JSON::Object* properties, bool has_managed_by) {
  if (record.type == "microsoft.compute/disks") {
    const auto state = properties != nullptr ? json::text(*properties, "diskState") : std::string();
    if (state == "Unattached" || (state.empty() && !has_managed_by)) {
      record.is_orphan = true;
      record.orphan_reason = "managed disk not attached to any virtual machine";
    }
    return;
  }
  if (properties == nullptr) return;  // nothing projected: no judgement
  for (const auto& rule : kRules) {
    if (record.type != rule.type) continue;
    if (!rule.in_use(*properties)) {
      record.is_orphan = true;
      record.orphan_reason = rule.reason;
    }
    return;
  }
}

std::vector<ResourceRecord> parse_resource_graph_page(const Poco::JSON::Object& page) {
  std::vector<ResourceRecord> records;
  const auto data = json::array(page, "data");
  if (!data) return records;
  for (const auto& value : *data) {
    const auto item = value.extract<Poco::JSON::Object::Ptr>();
    auto record = common_fields(*item);
    if (record.id.empty()) continue;
    if (const auto group = json::text(*item, "resourceGroup"); !group.empty()) record.resource_group = group;
    if (const auto subscription = json::text(*item, "subscriptionId"); !subscription.empty()) {
      record.subscription_id = subscription;
    }
    const auto properties = json::object(*item, "properties");
    if (properties) {
      record.provisioning_state = json::text(*properties, "provisioningState");
      record.created_time = non_empty(json::text(*properties, "timeCreated"));
    }
    // A query that projected neither properties nor managedBy says nothing about orphans.
    if (item->has("properties") || item->has("managedBy")) {
      classify_orphan(record, properties.get(), !json::text(*item, "managedBy").empty());
    }
    records.push_back(std::move(record));
  }
  return records;
}

std::vector<ResourceRecord> parse_arm_resources_page(const Poco::JSON::Object& page) {
  std::vector<ResourceRecord> records;
  const auto values = json::array(page, "value");
  if (!values) return records;
  for (const auto& value : *values) {
    const auto item = value.extract<Poco::JSON::Object::Ptr>();
    auto record = common_fields(*item);
    if (record.id.empty()) continue;
    record.provisioning_state = json::text(*item, "provisioningState");
    record.created_time = non_empty(json::text(*item, "createdTime"));
    record.changed_time = non_empty(json::text(*item, "changedTime"));
    const auto properties = json::object(*item, "properties");
    classify_orphan(record, properties.get(), !json::text(*item, "managedBy").empty());
    records.push_back(std::move(record));
  }
  return records;
}

}  // namespace govsync::resources
