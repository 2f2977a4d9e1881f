#include "cost_query_parser.hpp"

#include <govsync/json_fields.hpp>

#include <array>
#include <cmath>

namespace govsync::costs {
namespace {

// The position of the first column with one of the names, or -1.
int column_of(const Poco::JSON::Array& columns, std::initializer_list<const char*> names) {
  for (std::size_t i = 0; i < columns.size(); ++i) {
    const auto name = json::text(*columns.getObject(static_cast<unsigned>(i)), "name");
    for (const char* wanted : names) {
      if (name == wanted) return static_cast<int>(i);
    }
  }
  return -1;
}

std::string cell_text(const Poco::JSON::Array& row, int column) {
  if (column < 0 || static_cast<std::size_t>(column) >= row.size() || row.isNull(static_cast<unsigned>(column)))
    return {};
  return row.get(static_cast<unsigned>(column)).convert<std::string>();
}

}  // namespace

std::optional<std::string> normalise_usage_date(const std::string& value) {
  std::string digits;
  for (const char c : value.substr(0, 10)) {
    if (c >= '0' && c <= '9') digits += c;
  }
  // A number like 20261101 may arrive as 20261101.0.
  if (value.find('-') == std::string::npos && digits.size() > 8) digits.resize(8);
  if (digits.size() != 8) return std::nullopt;
  return digits.substr(0, 4) + "-" + digits.substr(4, 2) + "-" + digits.substr(6, 2);
}

std::vector<CostRow> parse_cost_page(const Poco::JSON::Object& page) {
  const auto properties = json::object(page, "properties");
  const auto columns = properties ? json::array(*properties, "columns") : nullptr;
  const auto rows = properties ? json::array(*properties, "rows") : nullptr;
  if (!columns || !rows) throw CostShapeError("the cost query result has no properties.columns or properties.rows");
  const int cost = column_of(*columns, {"Cost", "PreTaxCost", "CostUSD", "PreTaxCostUSD"});
  const int date = column_of(*columns, {"UsageDate", "Date"});
  const int group = column_of(*columns, {"ResourceGroupName", "ResourceGroup"});
  const int service = column_of(*columns, {"ServiceName", "MeterCategory"});
  const int currency = column_of(*columns, {"Currency", "BillingCurrency"});
  if (cost < 0) throw CostShapeError("the cost query result has no Cost, PreTaxCost or CostUSD column");
  std::vector<CostRow> parsed;
  for (std::size_t r = 0; r < rows->size(); ++r) {
    const auto row = rows->getArray(static_cast<unsigned>(r));
    if (!row) continue;
    CostRow cost_row;
    cost_row.cost = std::stod(cell_text(*row, cost).empty() ? "0" : cell_text(*row, cost));
    if (date >= 0) {
      cost_row.usage_date = normalise_usage_date(cell_text(*row, date));
      if (!cost_row.usage_date) throw CostShapeError("unreadable usage date '" + cell_text(*row, date) + "'");
    }
    cost_row.resource_group = cell_text(*row, group);
    cost_row.service_name = cell_text(*row, service);
    cost_row.currency = cell_text(*row, currency);
    parsed.push_back(std::move(cost_row));
  }
  return parsed;
}

}  // namespace govsync::costs
