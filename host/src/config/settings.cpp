#include "config/settings.hpp"

#include <algorithm>

namespace govsync::host {

ConfigOrigin TenantSettings::origin_of(const std::string& key) const {
  if (const auto it = key_origins.find(key); it != key_origins.end()) return it->second;
  return {defined_in, "tenant." + id, key, defined_at};
}

std::string ConfigOrigin::describe() const {
  std::string text = file + (line > 0 ? ":" + std::to_string(line) : "");
  if (section.empty()) return text;  // the file as a whole
  text += ": [" + section + "]";
  if (!key.empty()) text += " " + key;
  return text;
}

const TenantSettings* Settings::tenant(const std::string& id) const {
  const auto it = std::find_if(tenants.begin(), tenants.end(), [&](const auto& t) { return t.id == id; });
  return it == tenants.end() ? nullptr : &*it;
}

const DomainSettings* Settings::domain(const std::string& name) const {
  const auto it = std::find_if(domains.begin(), domains.end(), [&](const auto& d) { return d.name == name; });
  return it == domains.end() ? nullptr : &*it;
}

}  // namespace govsync::host
