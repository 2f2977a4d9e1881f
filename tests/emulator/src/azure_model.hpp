#pragma once
// Generated Azure data of one tenant: subscriptions, resources, policy
// states, daily costs and secure scores. Item i of a listing is a pure
// function of (seed, directory id, subscription, i), so a page is generated
// without generating the records before it.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "calendar.hpp"
#include "json_writer.hpp"
#include "scenario.hpp"

namespace govsync::emulator {

struct TenantRef {
  std::uint64_t seed;
  const Tenant& tenant;
};

/// Index of `subscription_id` among the tenant's subscriptions (case-insensitive).
std::optional<std::size_t> subscription_index(const Tenant& tenant, const std::string& subscription_id);

void write_subscription(JsonWriter& json, const TenantRef& ref, std::size_t subscription);

/// Resources per subscription after `removed_resources`.
std::size_t resource_count(const Tenant& tenant);
/// Resource Graph row (lower-case type, every column present).
void write_graph_resource(JsonWriter& json, const TenantRef& ref, std::size_t subscription, std::size_t index);
/// ARM "list resources" item.
void write_arm_resource(JsonWriter& json, const TenantRef& ref, std::size_t subscription, std::size_t index);

/// Policy states per subscription after `removed_policy_states`.
std::size_t policy_state_count(const Tenant& tenant);
void write_policy_state(JsonWriter& json, const TenantRef& ref, const std::string& base_url, std::size_t subscription,
                        std::size_t index);

struct CostColumn {
  const char* name;
  const char* type;
};
/// The five cost columns in the tenant's order.
std::vector<CostColumn> cost_columns(const Tenant& tenant);
/// Days with cost data inside [from, to] and inside the tenant's window ending `today`.
std::vector<Day> cost_days(const Tenant& tenant, Day today, Day from, Day to);
/// One row; `row` indexes (day, group) pairs, day-major.
void write_cost_row(JsonWriter& json, const TenantRef& ref, std::size_t subscription, const std::vector<Day>& days,
                    std::size_t row);

void write_secure_score(JsonWriter& json, const TenantRef& ref, std::size_t subscription);

}  // namespace govsync::emulator
