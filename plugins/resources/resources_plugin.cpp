// resources: every Azure resource of the tenant, from Resource Graph (default)
// or the ARM resources list, upserted by resource id; resources gone from
// Azure are removed for that tenant.
#include <govsync/azure_subscriptions.hpp>
#include <govsync/plugin.hpp>

#include <Poco/JSON/Array.h>
#include <Poco/Util/AbstractConfiguration.h>
#include <spdlog/spdlog.h>

#include "resource_parser.hpp"

namespace {

using govsync::AzureApi;
using govsync::AzurePaging;
using govsync::resources::ResourceRecord;

void store(govsync::TableWriter& writer, const ResourceRecord& r) {
  govsync::Row row;
  row.set("resource_id", r.id)
      .set("subscription_id", r.subscription_id)
      .set("resource_group", r.resource_group)
      .set("name", r.name)
      .set("type", r.type)
      .set("kind", r.kind)
      .set("location", r.location)
      .set("sku_name", r.sku_name)
      .set("sku_tier", r.sku_tier)
      .set("tags", r.tags_json.empty() ? std::optional<std::string>() : r.tags_json)
      .set("provisioning_state", r.provisioning_state)
      .set("created_time", r.created_time)
      .set("changed_time", r.changed_time)
      .set("is_orphan", r.is_orphan)
      .set("orphan_reason", r.orphan_reason);
  writer.upsert(row);
}

class ResourcesPlugin final : public govsync::SyncPlugin {
 public:
  govsync::PluginInfo info() const override {
    govsync::PluginInfo info;
    info.name = "resources";
    info.version = "1.0.0";
    info.description = "Azure resources with SKU, tags, state and an orphan flag";
    info.config_keys = {
        {"source", "resource_graph or arm (the ARM resources list, per subscription)", "resource_graph", false},
        {"page_size", "resources per Resource Graph page", "1000", false}};
    return info;
  }

  void configure(const Poco::Util::AbstractConfiguration& config) override {
    const auto source = config.getString("source", "resource_graph");
    if (source != "resource_graph" && source != "arm") {
      throw std::invalid_argument("source must be resource_graph or arm, not '" + source + "'");
    }
  }

  void sync(govsync::RunContext& ctx) override {
    auto& writer = ctx.writer("resources", {{"resource_id"}, true});
    const auto subscriptions = govsync::enabled_subscriptions(ctx);
    if (subscriptions.empty()) return;  // nothing visible: every earlier resource of the tenant is gone
    std::uint64_t seen = 0;
    if (ctx.config().getString("source", "resource_graph") == "arm") {
      for (const auto& subscription : subscriptions) {
        auto pages = ctx.azure().pages(
            AzureApi::management, AzurePaging::next_link,
            "/subscriptions/" + subscription.id +
                "/resources?api-version=2021-04-01&$expand=createdTime,changedTime,provisioningState");
        while (auto page = pages->next()) {
          for (const auto& record : govsync::resources::parse_arm_resources_page(*page)) store(writer, record), ++seen;
          ctx.progress("resources", seen, 0);
        }
      }
      return;
    }
    Poco::JSON::Object::Ptr query = new Poco::JSON::Object;
    Poco::JSON::Array::Ptr ids = new Poco::JSON::Array;
    for (const auto& subscription : subscriptions) ids->add(subscription.id);
    Poco::JSON::Object::Ptr options = new Poco::JSON::Object;
    options->set("$top", ctx.config().getInt("page_size", 1000));
    options->set("resultFormat", "objectArray");
    query->set("subscriptions", ids);
    query->set(
        "query",
        "Resources | project id, name, type, kind, location, resourceGroup, subscriptionId, managedBy, sku, tags, "
        "properties | order by id asc");
    query->set("options", options);
    auto pages = ctx.azure().pages(AzureApi::management, AzurePaging::skip_token_in_body,
                                   "/providers/Microsoft.ResourceGraph/resources?api-version=2024-04-01", query);
    while (auto page = pages->next()) {
      if (ctx.cancelled()) throw std::runtime_error("cancelled");
      for (const auto& record : govsync::resources::parse_resource_graph_page(*page)) store(writer, record), ++seen;
      ctx.progress("resources", seen, 0);
    }
  }
};

}  // namespace

GOVSYNC_PLUGIN(ResourcesPlugin)
