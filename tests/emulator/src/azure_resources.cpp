// Subscriptions and resources (shared by ARM "list resources" and Resource Graph).
#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>

#include "azure_model.hpp"
#include "derive.hpp"
#include "resource_record.hpp"

namespace govsync::emulator {
namespace {

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

struct ResourceKind {
  const char* type;  // ARM casing
  const char* prefix;
  const char* kind;
  const char* sku_name;
  const char* sku_tier;
  bool can_orphan;  // orphaned in every other block of kinds
};

// The first eight kinds are every tenant's; the rest only with `orphan_kinds`.
constexpr std::size_t kBaseKinds = 8;
constexpr std::array<ResourceKind, 17> kKinds{{
    {"Microsoft.Compute/virtualMachines", "vm", "", "", "", false},
    {"Microsoft.Compute/disks", "disk", "", "Premium_LRS", "Premium", true},
    {"Microsoft.Network/publicIPAddresses", "pip", "", "Standard", "Regional", true},
    {"Microsoft.Network/networkInterfaces", "nic", "", "", "", true},
    {"Microsoft.Storage/storageAccounts", "st", "StorageV2", "Standard_LRS", "Standard", false},
    {"Microsoft.Network/virtualNetworks", "vnet", "", "", "", false},
    {"Microsoft.KeyVault/vaults", "kv", "", "", "", false},
    {"Microsoft.Web/sites", "app", "app", "", "", false},
    {"Microsoft.Network/networkSecurityGroups", "nsg", "", "", "", true},
    {"Microsoft.Network/routeTables", "rt", "", "", "", true},
    {"Microsoft.Network/loadBalancers", "lb", "", "Standard", "Regional", true},
    {"Microsoft.Network/natGateways", "ng", "", "Standard", "", true},
    {"Microsoft.Web/serverfarms", "plan", "app", "P1v3", "PremiumV3", true},
    {"Microsoft.Compute/availabilitySets", "avail", "", "Aligned", "", true},
    {"Microsoft.Network/networkInterfaces", "nicpe", "", "", "", false},   // a private endpoint's
    {"Microsoft.Network/networkInterfaces", "nicpls", "", "", "", false},  // a private link service's
    {"Microsoft.Network/networkInterfaces", "nichw", "", "", "", true},    // a NetApp volume's
}};

std::size_t kind_count(const TenantRef& ref) { return ref.tenant.orphan_kinds ? kKinds.size() : kBaseKinds; }

const ResourceKind& kind_of(const TenantRef& ref, std::size_t index) { return kKinds[index % kind_count(ref)]; }

constexpr std::array<const char*, 4> kLocations{"eastus", "westeurope", "centralus", "northeurope"};

std::string short_name(const TenantRef& ref, std::size_t subscription, std::size_t index) {
  const auto& kind = kind_of(ref, index);
  const auto key = ref.tenant.directory_id + "/resource-name/" + std::to_string(subscription);
  if (std::string(kind.prefix) == "st") return "st" + derive_hex(ref.seed, key, 8) + std::to_string(index);
  static constexpr std::array<const char*, 4> kWords{"web", "api", "db", "ops"};
  return std::string(kind.prefix) + "-" + kWords[(index / kind_count(ref)) % kWords.size()] + "-" +
         std::to_string(index);
}

std::string id_of(const TenantRef& ref, std::size_t subscription, std::size_t index) {
  const auto& kind = kind_of(ref, index);
  return "/subscriptions/" + ref.tenant.subscription_ids[subscription] + "/resourceGroups/" +
         resource_group_name(index) + "/providers/" + kind.type + "/" + short_name(ref, subscription, index);
}

// A reference: {"id": ...} (ARM's SubResource).
void reference(JsonWriter& json, const std::string& id) { json.begin_object().field("id", id).end_object(); }

// `name`: [{"id": id}].
void references(JsonWriter& json, std::string_view name, const std::string& id) {
  json.key(name).begin_array();
  reference(json, id);
  json.end_array();
}

// The references of the kinds the orphan rule reads, in the shapes of the ARM
// GET operations at https://learn.microsoft.com/rest/api/<path in each case>,
// whose definitions are in github.com/Azure/azure-rest-api-specs (Microsoft.Network
// stable/2024-05-01 networkSecurityGroup.json, routeTable.json, loadBalancer.json,
// natGateway.json, networkInterface.json; Microsoft.Web AppServicePlans.json;
// Microsoft.Compute availabilitySet). An orphaned one has no reference (as in the
// spec example NetworkSecurityGroupGet.json), or an empty array where ARM documents one.
void orphan_kind_properties(JsonWriter& json, const TenantRef& ref, std::size_t subscription, std::size_t index,
                            bool orphaned) {
  const auto block = index - index % kind_count(ref);
  const auto id = id_of(ref, subscription, index);
  const auto group = id.substr(0, id.find("/providers/"));
  const auto subnet_id = id_of(ref, subscription, block + 5) + "/subnets/default";
  switch (index % kind_count(ref)) {
    case 8:  // virtualnetwork/network-security-groups/get: subnets, networkInterfaces (read-only arrays)
      json.key("securityRules").begin_array().end_array();
      if (!orphaned) references(json, "networkInterfaces", id_of(ref, subscription, block + 3));
      break;
    case 9:  // virtualnetwork/route-tables/get: routes, subnets (read-only), disableBgpRoutePropagation
      json.key("routes").begin_array().end_array().field_bool("disableBgpRoutePropagation", false);
      if (!orphaned) references(json, "subnets", subnet_id);
      break;
    case 10:  // virtualnetwork/load-balancers/get: frontendIPConfigurations, backendAddressPools
      json.key("frontendIPConfigurations").begin_array().begin_object();
      json.field("id", id + "/frontendIPConfigurations/frontend").field("name", "frontend").end_object().end_array();
      json.key("backendAddressPools").begin_array();
      if (!orphaned) {
        json.begin_object().field("id", id + "/backendAddressPools/pool1").field("name", "pool1");
        json.key("properties").begin_object().key("backendIPConfigurations").begin_array();
        reference(json, id_of(ref, subscription, block + 3) + "/ipConfigurations/ipconfig1");
        json.end_array().end_object().end_object();
      }
      json.end_array();
      break;
    case 11:  // virtualnetwork/nat-gateways/get: idleTimeoutInMinutes, subnets (read-only array of SubResource)
      json.field_int("idleTimeoutInMinutes", 4);
      if (!orphaned) references(json, "subnets", subnet_id);
      break;
    case 12:  // appservice/app-service-plans/get: status, numberOfWorkers, numberOfSites (read-only int32)
      json.field("status", "Ready").field_int("maximumNumberOfWorkers", 30).field_int("numberOfWorkers", 1);
      json.field_int("numberOfSites", orphaned ? 0 : 1).field_bool("reserved", false);
      break;
    case 13:  // compute/availability-sets/get: platformFault/UpdateDomainCount, virtualMachines (SubResource[])
      json.field_int("platformFaultDomainCount", 2).field_int("platformUpdateDomainCount", 5);
      json.key("virtualMachines").begin_array();
      if (!orphaned) reference(json, id_of(ref, subscription, block));
      json.end_array();
      break;
    case 14:  // virtualnetwork/network-interfaces/get: privateEndpoint (PrivateEndpoint, read-only)
      reference(json.key("privateEndpoint"),
                group + "/providers/Microsoft.Network/privateEndpoints/pe-" + std::to_string(index));
      break;
    case 15:  // privateLinkService (PrivateLinkService)
      reference(json.key("privateLinkService"),
                group + "/providers/Microsoft.Network/privateLinkServices/pls-" + std::to_string(index));
      break;
    default:  // hostedWorkloads (read-only array of strings: linked BareMetal / NetApp resources)
      json.key("hostedWorkloads").begin_array();
      if (!orphaned) {
        json.string(group + "/providers/Microsoft.NetApp/netAppAccounts/anf/capacityPools/pool1/volumes/vol-" +
                    std::to_string(index));
      }
      json.end_array();
      break;
  }
}

// `properties` of the base kinds, each a subset of what the resource's ARM GET answers, at
// https://learn.microsoft.com/rest/api/<path>: compute/virtual-machines/get (vmId,
// hardwareProfile.vmSize, storageProfile.osDisk.osType), compute/disks/get (diskState, diskSizeGB,
// timeCreated), virtualnetwork/public-ip-addresses/get (ipAddress, publicIPAllocationMethod,
// ipConfiguration), virtualnetwork/network-interfaces/get (virtualMachine, ipConfigurations),
// storagerp/storage-accounts/get-properties (accessTier, supportsHttpsTrafficOnly),
// virtualnetwork/virtual-networks/get (addressSpace.addressPrefixes), keyvault/keyvault/vaults/get
// (enableSoftDelete), appservice/web-apps/get (state, defaultHostName).
std::string properties_json(const TenantRef& ref, std::size_t subscription, std::size_t index, bool orphaned) {
  const auto block_vm = index - index % kind_count(ref);
  const auto vm_id = id_of(ref, subscription, block_vm);
  const auto nic_id = id_of(ref, subscription, block_vm + 3);
  const auto key = ref.tenant.directory_id + "/resource/" + std::to_string(subscription) + "/" + std::to_string(index);
  JsonWriter json;
  json.begin_object().field("provisioningState", "Succeeded");
  const auto slot = index % kind_count(ref);
  if (std::string_view(kind_of(ref, index).type) == "Microsoft.Network/networkInterfaces") {
    if (slot == 3 && !orphaned) json.key("virtualMachine").begin_object().field("id", vm_id).end_object();
    json.key("ipConfigurations").begin_array().begin_object();
    json.field("id", id_of(ref, subscription, index) + "/ipConfigurations/ipconfig1").end_object().end_array();
  }
  switch (slot) {
    case 0:
      json.field("vmId", derive_guid(ref.seed, key + "/vmid"));
      json.key("hardwareProfile").begin_object().field("vmSize", "Standard_D2s_v3").end_object();
      json.key("storageProfile").begin_object().key("osDisk").begin_object().field("osType", "Linux");
      json.end_object().end_object();
      break;
    case 1:
      json.field("diskState", orphaned ? "Unattached" : "Attached").field_int("diskSizeGB", 128);
      json.field("timeCreated", "2024-03-0" + std::to_string(1 + index % 9) + "T10:00:00.0000000Z");
      break;
    case 2:
      json.field("ipAddress", "20.0." + std::to_string(subscription) + "." + std::to_string(index % 250));
      json.field("publicIPAllocationMethod", "Static");
      if (!orphaned) {
        json.key("ipConfiguration").begin_object().field("id", nic_id + "/ipConfigurations/ipconfig1").end_object();
      }
      break;
    case 3:
      break;
    case 4:
      json.field("accessTier", "Hot").field_bool("supportsHttpsTrafficOnly", true);
      break;
    case 5:
      json.key("addressSpace").begin_object().key("addressPrefixes").begin_array();
      json.string("10." + std::to_string(index % 250) + ".0.0/16").end_array().end_object();
      break;
    case 6:
      json.field_bool("enableSoftDelete", true);
      break;
    case 7:
      json.field("state", "Running")
          .field("defaultHostName", short_name(ref, subscription, index) + ".azurewebsites.net");
      break;
    default:
      orphan_kind_properties(json, ref, subscription, index, orphaned);
      break;
  }
  json.end_object();
  return json.take();
}

}  // namespace

std::string resource_group_name(std::size_t index) {
  static constexpr std::array<const char*, 3> kGroups{"rg-app", "rg-data", "rg-network"};
  return kGroups[index % kGroups.size()];
}

ResourceRecord resource_record(const TenantRef& ref, std::size_t subscription, std::size_t index) {
  const auto& kind = kind_of(ref, index);
  const bool orphan_block = (index / kind_count(ref)) % 2 == 1;
  const auto slot = index % kind_count(ref);
  const bool orphaned = orphan_block && kind.can_orphan;
  ResourceRecord record;
  record.id = id_of(ref, subscription, index);
  record.name = short_name(ref, subscription, index);
  if (ref.tenant.oversized_length > 0) {
    record.name = oversized_text(record.name + "-", static_cast<std::size_t>(ref.tenant.oversized_length),
                                 ref.tenant.oversized_multibyte);
  }
  record.arm_type = kind.type;
  record.graph_type = lower(kind.type);
  record.kind = kind.kind;
  record.location = kLocations[(index / kind_count(ref) + subscription) % kLocations.size()];
  record.resource_group = resource_group_name(index);
  record.sku_name = kind.sku_name;
  record.sku_tier = kind.sku_tier;
  if (slot == 1 && !orphaned) record.managed_by = id_of(ref, subscription, index - slot);
  if (index % 3 != 2) {
    record.tags = {{"environment", index % 2 == 0 ? "prod" : "dev"}, {"owner", "team-" + std::to_string(index % 4)}};
    record.has_tags = true;
  }
  record.properties_json = properties_json(ref, subscription, index, orphaned);
  const auto created = static_cast<std::int64_t>(derive(ref.seed, record.id + "/created") % (365LL * 86400));
  const Day base = Day(std::chrono::year(2024) / 1 / 1);
  const auto spelling = derive(ref.seed, record.id + "/spelling");
  record.created_time = rfc3339_datetime(base, created, spelling);
  record.changed_time = rfc3339_datetime(base, created + 86400 * 30, spelling / 7);
  record.zones = slot == 0 || slot == 1;
  return record;
}

std::optional<std::size_t> subscription_index(const Tenant& tenant, const std::string& subscription_id) {
  const auto wanted = lower(subscription_id);
  for (std::size_t i = 0; i < tenant.subscription_ids.size(); ++i) {
    if (tenant.subscription_ids[i] == wanted) return i;
  }
  return std::nullopt;
}

// Subscription (api-version 2022-12-01): id, subscriptionId, tenantId, displayName, state,
// subscriptionPolicies {locationPlacementId, quotaId, spendingLimit}, authorizationSource,
// managedByTenants [{tenantId}], tags (azure-rest-api-specs Microsoft.Resources/stable/2022-12-01/
// subscriptions.json; examples/GetSubscriptions.json).
void write_subscription(JsonWriter& json, const TenantRef& ref, std::size_t subscription) {
  const auto& id = ref.tenant.subscription_ids[subscription];
  const bool enabled = subscription < static_cast<std::size_t>(ref.tenant.subscriptions);
  json.begin_object();
  json.field("id", "/subscriptions/" + id).field("subscriptionId", id).field("tenantId", ref.tenant.directory_id);
  json.field("displayName", std::string(enabled ? "Production " : "Retired ") + std::to_string(subscription + 1));
  json.field("state", enabled ? "Enabled" : "Disabled");
  json.key("subscriptionPolicies").begin_object();
  json.field("locationPlacementId", "Public_2014-09-01").field("quotaId", "PayAsYouGo_2014-09-01");
  json.field("spendingLimit", "Off").end_object();
  json.field("authorizationSource", "RoleBased");
  json.key("managedByTenants").begin_array().end_array();
  json.key("tags").begin_object().field("costCenter", "cc-" + std::to_string(100 + subscription)).end_object();
  json.end_object();
}

std::size_t resource_count(const Tenant& tenant) {
  return static_cast<std::size_t>(std::max(0, tenant.resources_per_subscription - tenant.removed_resources));
}

namespace {
void write_tags(JsonWriter& json, const ResourceRecord& record) {
  json.key("tags");
  if (!record.has_tags) {
    json.null();
    return;
  }
  json.begin_object();
  for (const auto& [name, value] : record.tags) json.field(name, value);
  json.end_object();
}

void write_sku(JsonWriter& json, const ResourceRecord& record) {
  json.key("sku").begin_object().field("name", record.sku_name);
  if (!record.sku_tier.empty()) json.field("tier", record.sku_tier);  // NAT gateway and availability set SKUs: a name
  json.end_object();
}
}  // namespace

// A row of Resource Graph's Resources table in objectArray form: id, name, type (lower case),
// tenantId, kind, location, resourceGroup, subscriptionId, managedBy, sku, plan, properties, tags,
// identity, zones (https://learn.microsoft.com/azure/governance/resource-graph/concepts/query-language;
// Microsoft.ResourceGraph/stable/2024-04-01 examples). The query's `project` is not applied.
void write_graph_resource(JsonWriter& json, const TenantRef& ref, std::size_t subscription, std::size_t index) {
  const auto record = resource_record(ref, subscription, index);
  json.begin_object();
  json.field("id", record.id).field("name", record.name).field("type", record.graph_type);
  json.field("tenantId", ref.tenant.directory_id).field("kind", record.kind).field("location", record.location);
  json.field("resourceGroup", record.resource_group).field("subscriptionId", ref.tenant.subscription_ids[subscription]);
  json.field_or_null("managedBy", record.managed_by);
  if (record.sku_name.empty()) {
    json.field_null("sku");
  } else {
    write_sku(json, record);
  }
  json.field_null("plan");
  json.key("properties").raw(record.properties_json);
  write_tags(json, record);
  json.field_null("identity");
  json.key("zones");
  if (record.zones) {
    json.begin_array().string("1").end_array();
  } else {
    json.null();
  }
  json.end_object();
}

// GenericResourceExpanded (api-version 2021-04-01): id, name, type, location, kind, managedBy,
// sku {name, tier}, tags, createdTime, changedTime, provisioningState; ARM sends the last three
// only for $expand=createdTime,changedTime,provisioningState, which the resources plugin asks,
// and this emulator always (Microsoft.Resources/stable/2021-04-01/resources.json).
void write_arm_resource(JsonWriter& json, const TenantRef& ref, std::size_t subscription, std::size_t index) {
  const auto record = resource_record(ref, subscription, index);
  json.begin_object();
  json.field("id", record.id).field("name", record.name).field("type", record.arm_type);
  json.field("location", record.location);
  if (!record.kind.empty()) json.field("kind", record.kind);
  if (!record.managed_by.empty()) json.field("managedBy", record.managed_by);
  if (!record.sku_name.empty()) write_sku(json, record);
  if (record.has_tags) write_tags(json, record);
  json.field("createdTime", record.created_time).field("changedTime", record.changed_time);
  json.field("provisioningState", "Succeeded");
  json.end_object();
}

}  // namespace govsync::emulator
