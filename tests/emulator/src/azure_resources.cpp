// Subscriptions and resources (shared by ARM "list resources" and Resource Graph).
#include <algorithm>
#include <array>
#include <cctype>

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
};

constexpr std::array<ResourceKind, 8> kKinds{{
    {"Microsoft.Compute/virtualMachines", "vm", "", "", ""},
    {"Microsoft.Compute/disks", "disk", "", "Premium_LRS", "Premium"},
    {"Microsoft.Network/publicIPAddresses", "pip", "", "Standard", "Regional"},
    {"Microsoft.Network/networkInterfaces", "nic", "", "", ""},
    {"Microsoft.Storage/storageAccounts", "st", "StorageV2", "Standard_LRS", "Standard"},
    {"Microsoft.Network/virtualNetworks", "vnet", "", "", ""},
    {"Microsoft.KeyVault/vaults", "kv", "", "", ""},
    {"Microsoft.Web/sites", "app", "app", "", ""},
}};

constexpr std::array<const char*, 4> kLocations{"eastus", "westeurope", "centralus", "northeurope"};

std::string short_name(const TenantRef& ref, std::size_t subscription, std::size_t index) {
  const auto& kind = kKinds[index % kKinds.size()];
  const auto key = ref.tenant.directory_id + "/resource-name/" + std::to_string(subscription);
  if (std::string(kind.prefix) == "st") return "st" + derive_hex(ref.seed, key, 8) + std::to_string(index);
  static constexpr std::array<const char*, 4> kWords{"web", "api", "db", "ops"};
  return std::string(kind.prefix) + "-" + kWords[(index / kKinds.size()) % kWords.size()] + "-" + std::to_string(index);
}

std::string id_of(const TenantRef& ref, std::size_t subscription, std::size_t index) {
  const auto& kind = kKinds[index % kKinds.size()];
  return "/subscriptions/" + ref.tenant.subscription_ids[subscription] + "/resourceGroups/" +
         resource_group_name(index) + "/providers/" + kind.type + "/" + short_name(ref, subscription, index);
}

std::string properties_json(const TenantRef& ref, std::size_t subscription, std::size_t index, bool orphaned) {
  const auto block_vm = index - index % kKinds.size();
  const auto vm_id = id_of(ref, subscription, block_vm);
  const auto nic_id = id_of(ref, subscription, block_vm + 3);
  const auto key = ref.tenant.directory_id + "/resource/" + std::to_string(subscription) + "/" + std::to_string(index);
  JsonWriter json;
  json.begin_object().field("provisioningState", "Succeeded");
  switch (index % kKinds.size()) {
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
      if (!orphaned) json.key("virtualMachine").begin_object().field("id", vm_id).end_object();
      json.key("ipConfigurations").begin_array().begin_object();
      json.field("id", id_of(ref, subscription, index) + "/ipConfigurations/ipconfig1").end_object().end_array();
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
    default:
      json.field("state", "Running")
          .field("defaultHostName", short_name(ref, subscription, index) + ".azurewebsites.net");
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
  const auto& kind = kKinds[index % kKinds.size()];
  const bool orphan_block = (index / kKinds.size()) % 2 == 1;
  const auto slot = index % kKinds.size();
  const bool orphaned = orphan_block && slot >= 1 && slot <= 3;
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
  record.location = kLocations[(index / kKinds.size() + subscription) % kLocations.size()];
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
  json.key("sku").begin_object().field("name", record.sku_name).field("tier", record.sku_tier).end_object();
}
}  // namespace

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
