#pragma once
// Resource Graph rows and ARM resource lists as resource rows.

#include <optional>
#include <string>
#include <vector>

#include <Poco/JSON/Object.h>

namespace govsync::resources {

struct ResourceRecord {
  std::string id;
  std::string subscription_id;
  std::string resource_group;
  std::string name;
  std::string type;  // lower-case, as Resource Graph reports it
  std::string kind;
  std::string location;
  std::string sku_name;
  std::string sku_tier;
  std::string tags_json;  // the tags object as JSON text, "" when none
  std::string provisioning_state;
  std::optional<std::string> created_time;
  std::optional<std::string> changed_time;
  bool is_orphan = false;
  std::string orphan_reason;
};

/// The resources of a Resource Graph page ("data" as an array of objects).
std::vector<ResourceRecord> parse_resource_graph_page(const Poco::JSON::Object& page);
/// The resources of an ARM list page ("value").
std::vector<ResourceRecord> parse_arm_resources_page(const Poco::JSON::Object& page);

/// The orphan rule (the README lists it): an unattached managed disk (diskState
/// Unattached, or no managedBy); a public IP address with no ipConfiguration and
/// no NAT gateway; a network interface used by no virtual machine, private
/// endpoint, private link service or hosted workload; a network security group
/// on no subnet and no network interface; a route table or NAT gateway on no
/// subnet; a load balancer with no backend pool; an App Service plan with
/// numberOfSites 0; an availability set with no virtual machines. `properties`
/// may be null (ARM lists do not return them): then only the disk's managedBy is
/// used, and nothing else is judged.
void classify_orphan(ResourceRecord& record, const Poco::JSON::Object* properties, bool has_managed_by);

/// "sub" and "rg" from /subscriptions/{sub}/resourceGroups/{rg}/providers/...
std::pair<std::string, std::string> subscription_and_group(const std::string& resource_id);

}  // namespace govsync::resources
