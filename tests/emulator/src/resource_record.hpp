#pragma once
// One generated resource, before it is written in the ARM or Resource Graph shape.

#include <string>
#include <utility>
#include <vector>

#include "azure_model.hpp"

namespace govsync::emulator {

struct ResourceRecord {
  std::string id;
  std::string name;
  std::string arm_type;    // "Microsoft.Compute/disks"
  std::string graph_type;  // "microsoft.compute/disks"
  std::string kind;
  std::string location;
  std::string resource_group;
  std::string sku_name;  // empty: no sku
  std::string sku_tier;
  std::string managed_by;  // empty: null
  bool has_tags = false;
  std::vector<std::pair<std::string, std::string>> tags;
  std::string properties_json;
  std::string created_time;
  std::string changed_time;
  bool zones = false;
};

/// "rg-app", "rg-data" or "rg-network" for resource `index`.
std::string resource_group_name(std::size_t index);
ResourceRecord resource_record(const TenantRef& ref, std::size_t subscription, std::size_t index);

}  // namespace govsync::emulator
