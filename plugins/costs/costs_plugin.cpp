// costs: daily actual cost per subscription, resource group and service,
// for the last `lookback_days`, every page followed, upserted by day so
// overlapping days are updated (Azure restates recent costs), never duplicated,
// and rows of those days that Azure no longer returns deleted.
#include <govsync/azure_subscriptions.hpp>
#include <govsync/plugin.hpp>

#include <Poco/DateTime.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/JSON/Array.h>
#include <Poco/Timespan.h>
#include <Poco/Util/AbstractConfiguration.h>
#include <spdlog/spdlog.h>

#include "cost_query_parser.hpp"

namespace {

using govsync::AzureApi;
using govsync::AzurePaging;

// The days a run asks for: the last `lookback_days`, ending today (UTC), as YYYY-MM-DD.
struct CostDays {
  std::string first;
  std::string last;
};

CostDays cost_days(int lookback_days) {
  const Poco::DateTime today;
  const Poco::DateTime from = today - Poco::Timespan(lookback_days - 1, 0, 0, 0, 0);
  return {Poco::DateTimeFormatter::format(from, "%Y-%m-%d"), Poco::DateTimeFormatter::format(today, "%Y-%m-%d")};
}

Poco::JSON::Object::Ptr daily_cost_query(const CostDays& days) {
  Poco::JSON::Object::Ptr period = new Poco::JSON::Object;
  period->set("from", days.first + "T00:00:00Z");
  period->set("to", days.last + "T23:59:59Z");
  Poco::JSON::Object::Ptr total = new Poco::JSON::Object;
  total->set("name", "Cost");
  total->set("function", "Sum");
  Poco::JSON::Object::Ptr aggregation = new Poco::JSON::Object;
  aggregation->set("totalCost", total);
  Poco::JSON::Array::Ptr grouping = new Poco::JSON::Array;
  for (const char* dimension : {"ResourceGroupName", "ServiceName"}) {
    Poco::JSON::Object::Ptr group = new Poco::JSON::Object;
    group->set("type", "Dimension");
    group->set("name", dimension);
    grouping->add(group);
  }
  Poco::JSON::Object::Ptr dataset = new Poco::JSON::Object;
  dataset->set("granularity", "Daily");
  dataset->set("aggregation", aggregation);
  dataset->set("grouping", grouping);
  Poco::JSON::Object::Ptr query = new Poco::JSON::Object;
  query->set("type", "ActualCost");
  query->set("timeframe", "Custom");
  query->set("timePeriod", period);
  query->set("dataset", dataset);
  return query;
}

class CostsPlugin final : public govsync::SyncPlugin {
 public:
  govsync::PluginInfo info() const override {
    govsync::PluginInfo info;
    info.name = "costs";
    info.version = "1.0.0";
    info.description = "Daily actual cost by subscription, resource group and service (Cost Management)";
    info.config_keys = {{"lookback_days", "days of cost to read, ending today", "30", false}};
    return info;
  }

  void configure(const Poco::Util::AbstractConfiguration& config) override {
    const int days = config.getInt("lookback_days", 30);
    if (days < 1 || days > 366) throw std::invalid_argument("lookback_days must be from 1 to 366");
  }

  void sync(govsync::RunContext& ctx) override {
    // Within the days asked for, a (resource group, service) Azure no longer
    // returns is gone (costs are restated); days before them are history.
    auto& writer = ctx.writer("cost_daily",
                              {{"subscription_id", "usage_date", "resource_group", "service_name", "currency"}, true});
    const auto days = cost_days(ctx.config().getInt("lookback_days", 30));
    const auto query = daily_cost_query(days);
    // Read every subscription first, write after: delete-unseen must know, before the
    // first row, which subscriptions answered. One no longer read (disabled, left out
    // of the configuration) or answered 204 No Content (no data for the scope: not an
    // error) keeps its stored costs. Daily costs by group and service are small.
    std::vector<std::pair<std::string, govsync::costs::CostRow>> costs;
    std::vector<govsync::Value> answered;
    for (const auto& subscription : govsync::enabled_subscriptions(ctx)) {
      auto pages = ctx.azure().pages(
          AzureApi::management, AzurePaging::properties_next_link,
          "/subscriptions/" + subscription.id + "/providers/Microsoft.CostManagement/query?api-version=2023-03-01",
          query);
      auto page = pages->next();
      if (!page) {
        ctx.log().info("no cost data for subscription {} from {} to {} (HTTP 204); its stored costs are kept",
                       subscription.id, days.first, days.last);
        continue;
      }
      answered.emplace_back(subscription.id);
      for (; page; page = pages->next()) {
        if (ctx.cancelled()) throw std::runtime_error("cancelled");
        for (auto& cost : govsync::costs::parse_cost_page(*page)) {
          if (!cost.usage_date)
            throw govsync::costs::CostShapeError("the daily cost query returned no UsageDate column");
          costs.emplace_back(subscription.id, std::move(cost));
        }
        ctx.progress("cost rows", costs.size(), 0);
      }
    }
    writer.delete_unseen_only_within("usage_date", days.first, days.last);
    writer.delete_unseen_only_for("subscription_id", answered);
    for (const auto& [subscription, cost] : costs) {
      govsync::Row row;
      row.set("subscription_id", subscription)
          .set("usage_date", *cost.usage_date)
          .set("resource_group", cost.resource_group)
          .set("service_name", cost.service_name)
          .set("currency", cost.currency)
          .set("cost", cost.cost);
      writer.upsert(row);
    }
  }
};

}  // namespace

GOVSYNC_PLUGIN(CostsPlugin)
