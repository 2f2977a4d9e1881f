// identity: Entra ID users (with sign-in activity when licensed), privileged
// directory role members, guests, MFA registration, stale accounts at 30 and
// 90 days, and one identity snapshot per run.
#include <govsync/json_fields.hpp>
#include <govsync/plugin.hpp>

#include <Poco/DateTime.h>
#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/Util/AbstractConfiguration.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <deque>
#include <set>

#include "identity_parser.hpp"

namespace {

using govsync::AzureApi;
using govsync::AzurePaging;
using govsync::identity::User;

// Directory roles whose member listings are fetched at once.
constexpr std::size_t kRoleListingsAtOnce = 4;
constexpr const char* kUserFields = "id,displayName,userPrincipalName,mail,userType,accountEnabled,createdDateTime";

class IdentityPlugin final : public govsync::SyncPlugin {
 public:
  govsync::PluginInfo info() const override {
    govsync::PluginInfo info;
    info.name = "identity";
    info.version = "1.0.0";
    info.description = "Entra ID users, privileged role members, guests, MFA registration and stale accounts";
    info.config_keys = {{"page_size", "users per Graph page ($top)", "999", false}};
    return info;
  }

  void sync(govsync::RunContext& ctx) override {
    const auto now = Poco::DateTimeFormatter::format(Poco::DateTime(), Poco::DateTimeFormat::ISO8601_FORMAT);
    const auto now_instant = std::chrono::floor<std::chrono::microseconds>(std::chrono::system_clock::now());
    // The three listings do not depend on each other: started together, they
    // are fetched together (the host fetches every listing a page ahead).
    auto registrations = ctx.azure().pages(AzureApi::graph, AzurePaging::odata_next_link,
                                           "/v1.0/reports/authenticationMethods/userRegistrationDetails");
    auto pages = user_pages(ctx, true);
    const auto privileged = sync_role_members(ctx);
    std::vector<std::string> notes;
    const auto mfa_registered = sync_registrations(ctx, *registrations, notes);

    auto& users_writer = ctx.writer("identity_users", {{"user_id"}, true});
    bool sign_in_available = true;
    Poco::JSON::Object::Ptr page;
    try {
      page = pages->next();
    } catch (const govsync::AzureError& e) {
      // signInActivity needs Entra ID P1/P2 and AuditLog.Read.All: read users without it, and say why.
      if (e.kind() != govsync::AzureErrorKind::forbidden) throw;
      sign_in_available = false;
      notes.push_back(std::string("signInActivity unavailable, stale flags unknown: ") + e.what());
      ctx.log().warn("{}", notes.back());
      pages = user_pages(ctx, false);
      page = pages->next();
    }
    std::int64_t total = 0, guests = 0, stale_30 = 0, stale_90 = 0, privileged_users = 0;
    std::size_t without_id = 0;
    for (; page; page = pages->next()) {
      if (ctx.cancelled()) throw std::runtime_error("cancelled");
      for (const auto& user : govsync::identity::parse_users(*page, &without_id)) {
        const bool is_privileged = privileged.includes(user);
        std::optional<bool> stale30, stale90;
        if (sign_in_available) {
          stale30 = govsync::identity::is_stale(user, 30, now_instant);
          stale90 = govsync::identity::is_stale(user, 90, now_instant);
        }
        ++total;
        guests += user.is_guest() ? 1 : 0;
        privileged_users += is_privileged ? 1 : 0;
        stale_30 += stale30.value_or(false) ? 1 : 0;
        stale_90 += stale90.value_or(false) ? 1 : 0;
        govsync::Row row;
        row.set("user_id", user.id)
            .set("user_principal_name", user.user_principal_name)
            .set("display_name", user.display_name)
            .set("mail", user.mail)
            .set("user_type", user.user_type)
            .set("account_enabled", user.account_enabled)
            .set("created_at", user.created_at)
            .set("last_sign_in_at", user.last_sign_in_at)
            .set("last_non_interactive_sign_in_at", user.last_non_interactive_sign_in_at)
            .set("is_guest", user.is_guest())
            .set("is_privileged", is_privileged)
            .set("is_stale_30", stale30)
            .set("is_stale_90", stale90);
        users_writer.upsert(row);
      }
      ctx.progress("users", static_cast<std::uint64_t>(total), 0);
    }
    if (without_id > 0) {
      notes.push_back(std::to_string(without_id) + " users without an id left out");
      ctx.log().warn("{}", notes.back());
    }
    std::string note;
    for (const auto& n : notes) note += (note.empty() ? "" : "; ") + n;
    govsync::Row snapshot;
    snapshot.set("captured_at", now)
        .set("total_users", total)
        .set("guests", guests)
        .set("privileged", privileged_users)
        .set("mfa_registered", mfa_registered)
        .set("stale_30", sign_in_available ? std::optional<std::int64_t>(stale_30) : std::nullopt)
        .set("stale_90", sign_in_available ? std::optional<std::int64_t>(stale_90) : std::nullopt)
        .set("sign_in_activity_available", sign_in_available)
        .set("mfa_registration_available", mfa_registered.has_value())
        .set("note", note);
    ctx.writer("identity_snapshots", {{"captured_at"}, false}).upsert(snapshot);
  }

 private:
  static std::unique_ptr<govsync::AzurePages> user_pages(govsync::RunContext& ctx, bool with_sign_in) {
    return ctx.azure().pages(AzureApi::graph, AzurePaging::odata_next_link,
                             std::string("/v1.0/users?$select=") + kUserFields +
                                 (with_sign_in ? ",signInActivity" : "") +
                                 "&$top=" + std::to_string(ctx.config().getInt("page_size", 999)));
  }

  // Every member of every activated directory role; returns them by id and UPN.
  static govsync::identity::PrivilegedMembers sync_role_members(govsync::RunContext& ctx) {
    auto& writer = ctx.writer("identity_role_members", {{"role_id", "member_id"}, true});
    govsync::identity::PrivilegedMembers privileged;
    auto roles = ctx.azure().pages(AzureApi::graph, AzurePaging::odata_next_link, "/v1.0/directoryRoles");
    while (auto page = roles->next()) {
      const auto listed = govsync::identity::parse_directory_roles(*page);
      // A few roles' member listings on their way at once, written role by role.
      std::deque<std::unique_ptr<govsync::AzurePages>> ahead;
      std::size_t started = 0;
      const auto start_more = [&] {
        for (; started < listed.size() && ahead.size() < kRoleListingsAtOnce; ++started) {
          ahead.push_back(ctx.azure().pages(AzureApi::graph, AzurePaging::odata_next_link,
                                            "/v1.0/directoryRoles/" + listed[started].id + "/members"));
        }
      };
      start_more();
      for (const auto& role : listed) {
        const auto members = std::move(ahead.front());
        ahead.pop_front();
        start_more();
        while (auto member_page = members->next()) {
          for (const auto& member : govsync::identity::parse_role_members(*member_page)) {
            privileged.add(member);
            govsync::Row row;
            row.set("role_id", role.id)
                .set("member_id", member.id)
                .set("role_name", role.display_name)
                .set("member_type", member.type)
                .set("member_display_name", member.display_name)
                .set("member_upn", member.user_principal_name);
            writer.upsert(row);
          }
        }
      }
    }
    return privileged;
  }

  // MFA registration details; returns how many users are registered, or
  // nothing when the tenant may not read them (no Entra ID P1/P2 licence, or
  // no AuditLog.Read.All): users and roles are still synced, the stored
  // registrations are kept as they were, and `notes` says why.
  static std::optional<std::int64_t> sync_registrations(govsync::RunContext& ctx, govsync::AzurePages& pages,
                                                        std::vector<std::string>& notes) {
    Poco::JSON::Object::Ptr page;
    try {
      page = pages.next();
    } catch (const govsync::AzureError& e) {
      if (e.kind() != govsync::AzureErrorKind::forbidden) throw;
      notes.push_back(std::string("MFA registration details unavailable, the stored ones kept: ") + e.what());
      ctx.log().warn("{}", notes.back());
      return std::nullopt;
    }
    auto& writer = ctx.writer("identity_mfa_registrations", {{"user_id"}, true});
    std::int64_t registered = 0;
    for (; page; page = pages.next()) {
      for (const auto& r : govsync::identity::parse_registrations(*page)) {
        registered += r.is_mfa_registered.value_or(false) ? 1 : 0;
        govsync::Row row;
        row.set("user_id", r.user_id)
            .set("user_principal_name", r.user_principal_name)
            .set("is_mfa_registered", r.is_mfa_registered)
            .set("is_mfa_capable", r.is_mfa_capable)
            .set("is_passwordless_capable", r.is_passwordless_capable)
            .set("is_sspr_registered", r.is_sspr_registered)
            .set("is_sspr_capable", r.is_sspr_capable)
            .set("is_admin", r.is_admin)
            .set("preferred_secondary_method", r.preferred_secondary_method)
            .set("methods_registered", r.methods_registered)
            .set("last_updated", r.last_updated);
        writer.upsert(row);
      }
    }
    return registered;
  }
};

}  // namespace

GOVSYNC_PLUGIN(IdentityPlugin)
