#pragma once
// Keeps the tenants table in step with the configured tenants.

#include <vector>

#include "config/settings.hpp"
#include "db/database.hpp"

namespace govsync::host {

/// Upserts one row per configured tenant (id, directory id; never credentials).
void register_tenants(Database& db, const std::vector<TenantSettings>& tenants);

}  // namespace govsync::host
