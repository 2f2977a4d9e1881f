// example: the tenant's Azure subscriptions into example_subscriptions.
// A template for third-party govsync plugins: copy the folder, rename
// "example" (plugin name, target, table, migration), keep the shape.
#include <govsync/plugin.hpp>

#include <Poco/Util/AbstractConfiguration.h>
#include <spdlog/spdlog.h>

#include <stdexcept>

#include "subscription_rows.hpp"

#ifndef EXAMPLE_PLUGIN_VERSION
#define EXAMPLE_PLUGIN_VERSION "0.0.0"
#endif

namespace {

class ExamplePlugin final : public govsync::SyncPlugin {
 public:
  govsync::PluginInfo info() const override {
    govsync::PluginInfo info;
    info.name = "example";  // selects [domain.example]; must match the CMake target name
    info.version = EXAMPLE_PLUGIN_VERSION;
    info.description = "Azure subscriptions of each tenant (template plugin)";
    // Every key [domain.example] may hold besides the host's own (enabled,
    // interval, offset, run_timeout). Any other key is a configuration error.
    info.config_keys = {
        {"include_disabled", "also keep Disabled and Deleted subscriptions", "false", false},
    };
    return info;
  }

  // Called once before the first run with [domain.example]; throw to refuse it.
  void configure(const Poco::Util::AbstractConfiguration& config) override {
    static_cast<void>(config.getBool("include_disabled", false));  // throws on a value that is not a boolean
  }

  // One tenant, inside the run's own transaction: throwing rolls back this run alone.
  void sync(govsync::RunContext& ctx) override {
    // delete_unseen: subscriptions no longer listed are removed when the run commits.
    auto& writer = ctx.writer("example_subscriptions", {{"subscription_id"}, true});
    const bool include_disabled = ctx.config().getBool("include_disabled", false);
    auto pages = ctx.azure().pages(govsync::AzureApi::management, govsync::AzurePaging::next_link,
                                   "/subscriptions?api-version=2022-12-01");
    std::uint64_t rows = 0;
    while (auto page = pages->next()) {
      if (ctx.cancelled()) throw std::runtime_error("cancelled");
      for (const auto& row : example::subscription_rows(*page, include_disabled)) {
        writer.upsert(row);
        ++rows;
      }
      ctx.progress("subscriptions", rows, 0);
    }
    ctx.log().info("{} subscriptions of tenant {}", rows, ctx.tenant().id);
  }
};

}  // namespace

GOVSYNC_PLUGIN(ExamplePlugin)
