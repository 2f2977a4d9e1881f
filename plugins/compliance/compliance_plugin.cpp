// compliance: Azure Policy compliance states, per-subscription snapshots and
// the Defender for Cloud secure score.
#include <govsync/azure_subscriptions.hpp>
#include <govsync/json_fields.hpp>
#include <govsync/plugin.hpp>

#include <Poco/DateTime.h>
#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/Util/AbstractConfiguration.h>
#include <spdlog/spdlog.h>

#include <map>

#include "policy_state_parser.hpp"

namespace {

using govsync::AzureApi;
using govsync::AzurePaging;
using govsync::compliance::ComplianceCounts;

std::string now_iso() {
  return Poco::DateTimeFormatter::format(Poco::DateTime(), Poco::DateTimeFormat::ISO8601_FORMAT);
}

class CompliancePlugin final : public govsync::SyncPlugin {
 public:
  govsync::PluginInfo info() const override {
    govsync::PluginInfo info;
    info.name = "compliance";
    info.version = "1.0.0";
    info.description = "Azure Policy compliance states, compliance snapshots and secure score";
    info.config_keys = {{"secure_score", "also read the Defender for Cloud secure score (ascScore)", "true", false},
                        {"page_size", "policy states per page ($top)", "1000", false}};
    return info;
  }

  void sync(govsync::RunContext& ctx) override {
    auto& states = ctx.writer("policy_states", {{"subscription_id", "policy_assignment_id", "policy_definition_id",
                                                 "policy_definition_reference_id", "resource_id"},
                                                true});
    auto& snapshots = ctx.writer("compliance_snapshots", {{"subscription_id", "captured_at"}, false});
    const auto captured_at = now_iso();
    const auto page_size = ctx.config().getInt("page_size", 1000);
    std::uint64_t seen = 0;
    const bool want_score = ctx.config().getBool("secure_score", true);
    for (const auto& subscription : govsync::enabled_subscriptions(ctx)) {
      ComplianceCounts counts;
      // Started first, the score is fetched while the policy states are.
      auto score = want_score ? start_secure_score(ctx, subscription.id) : nullptr;
      auto pages = ctx.azure().pages(
          AzureApi::management, AzurePaging::odata_next_link,
          "/subscriptions/" + subscription.id +
              "/providers/Microsoft.PolicyInsights/policyStates/latest/queryResults?api-version=2019-10-01&$top=" +
              std::to_string(page_size),
          new Poco::JSON::Object);
      while (auto page = pages->next()) {
        if (ctx.cancelled()) throw std::runtime_error("cancelled");
        std::size_t skipped = 0;
        for (const auto& state : govsync::compliance::parse_policy_states(*page, &skipped)) {
          counts.add(state);
          govsync::Row row;
          row.set("subscription_id", subscription.id)
              .set("policy_assignment_id", state.policy_assignment_id)
              .set("policy_definition_id", state.policy_definition_id)
              .set("policy_definition_reference_id", state.policy_definition_reference_id)
              .set("resource_id", state.resource_id)
              .set("policy_name", state.policy_name)
              .set("category", state.category)
              .set("compliance_state", state.compliance_state)
              .set("resource_type", state.resource_type)
              .set("resource_location", state.resource_location)
              .set("state_timestamp", state.timestamp.empty() ? std::optional<std::string>() : state.timestamp);
          states.upsert(row);
        }
        if (skipped > 0) ctx.log().warn("{} policy states without a key skipped in {}", skipped, subscription.id);
        seen += counts.total;
        ctx.progress("policy states", seen, 0);
      }
      govsync::Row snapshot;
      snapshot.set("subscription_id", subscription.id)
          .set("captured_at", captured_at)
          .set("compliant", counts.compliant)
          .set("non_compliant", counts.non_compliant)
          .set("exempt", counts.exempt)
          .set("total", counts.total)
          .set("compliance_percent", counts.percent());
      snapshots.upsert(snapshot);
      if (score) read_secure_score(ctx, *score, subscription.id, captured_at);
    }
  }

 private:
  // The subscription's secure score: one object, fetched ahead as a listing of one page.
  static std::unique_ptr<govsync::AzurePages> start_secure_score(govsync::RunContext& ctx,
                                                                 const std::string& subscription) {
    return ctx.azure().pages(AzureApi::management, AzurePaging::single_object,
                             "/subscriptions/" + subscription +
                                 "/providers/Microsoft.Security/secureScores/ascScore?api-version=2020-01-01");
  }

  // A 403 here means a missing role, not a failed run: it is logged as a warning.
  static void read_secure_score(govsync::RunContext& ctx, govsync::AzurePages& pages, const std::string& subscription,
                                const std::string& at) {
    Poco::JSON::Object::Ptr score;
    try {
      score = pages.next();
    } catch (const govsync::AzureError& e) {
      if (e.kind() != govsync::AzureErrorKind::forbidden && e.kind() != govsync::AzureErrorKind::not_found) throw;
      ctx.log().warn("secure score of subscription {} not read: {}", subscription, e.what());
      return;
    }
    if (!score) return;
    const auto properties = govsync::json::object(*score, "properties");
    const auto values = properties ? govsync::json::object(*properties, "score") : nullptr;
    if (!values) return;
    govsync::Row row;
    row.set("subscription_id", subscription)
        .set("score_name", govsync::json::text(*score, "name"))
        .set("current_score", govsync::json::number(*values, "current"))
        .set("max_score", govsync::json::number(*values, "max"))
        .set("percentage", govsync::json::number(*values, "percentage"))
        .set("captured_at", at);
    ctx.writer("secure_scores", {{"subscription_id", "score_name"}, false}).upsert(row);
  }
};

}  // namespace

GOVSYNC_PLUGIN(CompliancePlugin)
