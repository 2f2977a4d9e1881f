// POST /subscriptions/{id}/providers/Microsoft.CostManagement/query
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "azure_handlers.hpp"
#include "derive.hpp"

namespace govsync::emulator {
namespace {

struct Period {
  Day from;
  Day to;
};

// The requested period, or nothing when the body does not name a valid one.
std::optional<Period> requested_period(const std::string& body, Day today) {
  Poco::JSON::Object::Ptr root;
  try {
    Poco::JSON::Parser parser;
    root = parser.parse(body).extract<Poco::JSON::Object::Ptr>();
  } catch (...) {
    return std::nullopt;
  }
  const auto timeframe = root->optValue<std::string>("timeframe", "Custom");
  const std::chrono::year_month_day now(today);
  const Day month_start(now.year() / now.month() / 1);
  if (timeframe == "MonthToDate" || timeframe == "BillingMonthToDate") return Period{month_start, today};
  if (timeframe == "TheLastMonth" || timeframe == "TheLastBillingMonth") {
    const Day last_start((now.year() / now.month() / 1) - std::chrono::months(1));
    return Period{last_start, month_start - std::chrono::days(1)};
  }
  if (timeframe != "Custom") return Period{Day(std::chrono::year(1970) / 1 / 1), today};
  const auto period = root->getObject("timePeriod");
  if (!period) return std::nullopt;
  const auto from = parse_iso_date(period->optValue<std::string>("from", ""));
  const auto to = parse_iso_date(period->optValue<std::string>("to", ""));
  if (!from || !to) return std::nullopt;
  return Period{*from, *to};
}

}  // namespace

int query_processing_units(const std::string& body) {
  const auto period = requested_period(body, today_utc());
  if (!period) return 1;
  const std::chrono::year_month_day from(period->from);
  const std::chrono::year_month_day to(period->to);
  const auto month_number = [](const std::chrono::year_month_day& day) {
    return static_cast<int>(day.year()) * 12 + static_cast<int>(static_cast<unsigned>(day.month()));
  };
  const int months = month_number(to) - month_number(from);
  return std::max(months + 1, 1);
}

Response query_costs(const ApiCall& call) {
  const auto subscription = subscription_index(call.tenant, call.captures.at(0));
  if (!subscription) return subscription_not_found(call.captures.at(0));
  const Day today = today_utc();
  const auto period = requested_period(call.request.body, today);
  if (!period) {
    return arm_error(400, "BadRequest",
                     "Invalid query definition: the body must be a JSON query with timeframe and, for Custom, "
                     "timePeriod {from, to}.");
  }
  // No data for the scope: 204 without a body, as the Query_Usage operation declares beside 200
  // (azure-rest-api-specs Microsoft.CostManagement; e.g. hashicorp/pandora CostManagement
  // v2023_11_01 Query Operation-Usage lists NoContent and OK).
  if (call.tenant.cost_no_content) return Response{204, "", {}, ""};
  const auto cursor = decode_cursor(skip_token_param(call.request));
  if (!cursor) return invalid_skip_token(call);
  const auto days = cost_days(call.tenant, today, period->from, period->to);
  const auto groups = static_cast<std::size_t>(std::max(call.tenant.cost_groups, 0));
  const auto page = slice(days.size() * groups, page_size_for(call.tenant, ""), *cursor);
  const auto& sub = call.tenant.subscription_ids[*subscription];
  const auto query_id =
      derive_guid(call.scenario.seed, sub + "/cost-query/" + iso_date(period->from) + "/" + iso_date(period->to));

  // QueryResult: CostManagementResource {id, name, type, location, sku, eTag, tags} with
  // properties {nextLink (null on the last page), columns, rows} (Query - Usage, api-version
  // 2023-03-01: https://learn.microsoft.com/rest/api/cost-management/query/usage;
  // costmanagement.json, examples/SubscriptionQueryGrouping.json).
  JsonWriter json;
  json.begin_object();
  json.field("id", "subscriptions/" + sub + "/providers/Microsoft.CostManagement/query/" + query_id);
  json.field("name", query_id).field("type", "Microsoft.CostManagement/query");
  json.field_null("location").field_null("sku").field_null("eTag");
  json.key("properties").begin_object();
  json.key("nextLink");
  if (page.has_next) {
    json.string(next_link(call.base_url, call.request, "$skiptoken", page.next_token));
  } else {
    json.null();
  }
  json.key("columns").begin_array();
  for (const auto& column : cost_columns(call.tenant)) {
    json.begin_object().field("name", column.name).field("type", column.type).end_object();
  }
  json.end_array();
  json.key("rows").begin_array();
  for (auto row = page.begin; row < page.end; ++row) write_cost_row(json, call.ref(), *subscription, days, row);
  json.end_array();
  json.end_object().end_object();
  auto response = json_ok(json.take());
  apply_page_faults(response, page, call.tenant, call.base_url);
  return response;
}

}  // namespace govsync::emulator
