#include "resource_parser.hpp"

#include <govsync/json_fields.hpp>

#include <algorithm>
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
  } else if (record.type == "microsoft.network/publicipaddresses" && properties != nullptr) {
    if (!json::object(*properties, "ipConfiguration") && !json::object(*properties, "natGateway")) {
      record.is_orphan = true;
      record.orphan_reason = "public IP address not associated with any resource";
    }
  } else if (record.type == "microsoft.network/networkinterfaces" && properties != nullptr) {
    if (!json::object(*properties, "virtualMachine") && !json::object(*properties, "privateEndpoint")) {
      record.is_orphan = true;
      record.orphan_reason = "network interface not attached to any virtual machine";
    }
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
