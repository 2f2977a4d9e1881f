// Cost Management daily costs and Defender for Cloud secure scores.
#include <algorithm>
#include <array>
#include <cmath>

#include "azure_model.hpp"
#include "derive.hpp"
#include "resource_record.hpp"

namespace govsync::emulator {
namespace {

// QueryColumn {name, type}: the aggregation's name ("Cost", as the plugin asks), UsageDate as a
// Number yyyymmdd, one String column per grouping dimension, Currency (Cost Management
// 2023-03-01 costmanagement.json QueryProperties; examples/SubscriptionQuery.json, a Daily query).
constexpr std::array<CostColumn, 5> kColumns{{{"Cost", "Number"},
                                              {"UsageDate", "Number"},
                                              {"ResourceGroupName", "String"},
                                              {"ServiceName", "String"},
                                              {"Currency", "String"}}};
constexpr std::array<const char*, 8> kServices{
    "Virtual Machines", "Storage",         "Bandwidth",     "Azure App Service",
    "Key Vault",        "Virtual Network", "Azure Monitor", "Microsoft Defender for Cloud"};
constexpr std::size_t kPairsPerCycle = 24;  // lcm(3 groups, 8 services)

std::string cost_group_name(std::size_t group) {
  auto name = resource_group_name(group);
  if (group >= kPairsPerCycle) name += "-" + std::to_string(group / kPairsPerCycle);
  return name;
}

}  // namespace

std::vector<CostColumn> cost_columns(const Tenant& tenant) {
  std::vector<CostColumn> columns;
  for (const int index : tenant.cost_column_order) columns.push_back(kColumns[static_cast<std::size_t>(index)]);
  return columns;
}

std::vector<Day> cost_days(const Tenant& tenant, Day today, Day from, Day to) {
  std::vector<Day> days;
  const Day first = today - std::chrono::days(std::max(tenant.cost_days, 0) - 1);
  for (Day day = std::max(first, from); day <= std::min(today, to); day += std::chrono::days(1)) days.push_back(day);
  return days;
}

// One of QueryProperties.rows: an array of values in the order of the columns.
void write_cost_row(JsonWriter& json, const TenantRef& ref, std::size_t subscription, const std::vector<Day>& days,
                    std::size_t row) {
  const auto groups = static_cast<std::size_t>(std::max(ref.tenant.cost_groups, 1));
  const Day day = days[row / groups];
  const auto group = row % groups;
  const auto key = ref.tenant.directory_id + "/cost/" + ref.tenant.subscription_ids[subscription] + "/" +
                   iso_date(day) + "/" + std::to_string(group) + "/" + std::to_string(ref.tenant.cost_version);
  const double cost = static_cast<double>(derive(ref.seed, key) % 500000000ULL) / 1000000.0;
  json.begin_array();
  for (const int column : ref.tenant.cost_column_order) {
    switch (column) {
      case 0:
        json.number(cost);
        break;
      case 1:
        json.integer(yyyymmdd(day));
        break;
      case 2:
        json.string(cost_group_name(group));
        break;
      case 3:
        json.string(kServices[group % kServices.size()]);
        break;
      default:
        json.string("USD");
        break;
    }
  }
  json.end_array();
}

// SecureScoreItem {id, name, type, properties {displayName, score {max, current, percentage},
// weight}} (azure-rest-api-specs Microsoft.Security/stable/2020-01-01/secureScores.json,
// examples/secureScores/ListSecureScores_example.json).
void write_secure_score(JsonWriter& json, const TenantRef& ref, std::size_t subscription) {
  const auto& sub = ref.tenant.subscription_ids[subscription];
  const auto hash = derive(ref.seed, ref.tenant.directory_id + "/secure-score/" + sub);
  const double current = 10.0 + static_cast<double>(hash % 4500) / 100.0;
  const double percentage = std::round(current / 58.0 * 10000.0) / 10000.0;
  json.begin_object();
  json.field("id", "/subscriptions/" + sub + "/providers/Microsoft.Security/secureScores/ascScore");
  json.field("name", "ascScore").field("type", "Microsoft.Security/secureScores");
  json.key("properties").begin_object().field("displayName", "ASC score");
  json.key("score").begin_object().field_int("max", 58).field_number("current", current);
  json.field_number("percentage", percentage).end_object();
  json.field_int("weight", static_cast<std::int64_t>(10 + (hash >> 20U) % 40));
  json.end_object().end_object();
}

}  // namespace govsync::emulator
