// dmarc: DMARC aggregate reports from a Microsoft Graph mailbox and/or a
// folder, stored idempotently by (org, report id) with their records, each for
// the tenant whose verified domains it is for; every input that is not a
// readable report, or is nobody's, is recorded with its reason and never
// stops the run. Also each tenant domain's published DMARC policy (Graph
// /domains, then a TXT lookup of _dmarc.<domain>).
#include <govsync/plugin.hpp>

#include <Poco/Util/AbstractConfiguration.h>

#include <algorithm>
#include <filesystem>
#include <stdexcept>

#include "bounded_input.hpp"
#include "dns_server_address.hpp"
#include "domain_policies.hpp"
#include "mailbox_reader.hpp"
#include "report_handover.hpp"
#include "report_store.hpp"
#include "report_unpacker.hpp"
#include "tenant_attribution.hpp"

namespace {

constexpr const char* kTenantPlaceholder = "{tenant}";

// Every tenant's run reads the folder: each stores its own reports and leaves the others' to their runs.
void read_folder(govsync::dmarc::ReportStore& store, const std::string& dir) {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.is_regular_file()) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  const auto limit = govsync::dmarc::UnpackLimits{}.max_decompressed_bytes;
  for (const auto& file : files) {
    const auto source = "file:" + file.filename().string();
    const auto input = govsync::dmarc::read_bounded_file(file, limit);
    if (!input.rejection.empty()) {
      store.reject(source, input.rejection);
      continue;
    }
    store.file(source, input.bytes, file.filename().string(), "", govsync::dmarc::Route::pass_by_others);
  }
}

class DmarcPlugin final : public govsync::SyncPlugin {
 public:
  govsync::PluginInfo info() const override {
    govsync::PluginInfo info;
    info.name = "dmarc";
    info.version = "1.1.0";
    info.description = "DMARC aggregate reports (mailbox or folder) and published DMARC policies";
    info.config_keys = {
        {"mailbox",
         "the mailbox (UPN) that receives the aggregate reports; {tenant} is replaced by the tenant's id; empty: none",
         "", false},
        {"mailbox_tenant",
         "the tenant whose credentials read a mailbox shared by all tenants (one without {tenant}); its run hands "
         "the other tenants' reports over to their runs; empty: every tenant's run reads the mailbox itself",
         "", false},
        {"reports_dir", "a folder of report files (.xml, .gz, .zip, .eml), read by every tenant's run; empty: none", "",
         false},
        {"check_dns", "look up each tenant domain's published _dmarc TXT record", "true", false},
        {"dns_server", "resolver as IPv4[:port]; empty: the system's", "", false}};
    return info;
  }

  // A bad dns_server or mailbox_tenant is refused when the configuration is checked, not at the first run.
  void configure(const Poco::Util::AbstractConfiguration& config) override {
    if (const auto parsed = govsync::dmarc::parse_dns_server(config.getString("dns_server", ""));
        !parsed.error.empty()) {
      throw std::invalid_argument(parsed.error);
    }
    const auto mailbox = config.getString("mailbox", "");
    if (const auto reader = config.getString("mailbox_tenant", ""); !reader.empty()) {
      if (mailbox.empty()) {
        throw std::invalid_argument("[domain.dmarc] mailbox_tenant = " + reader +
                                    " names who reads the shared mailbox, but no mailbox is set: set mailbox, or "
                                    "remove mailbox_tenant");
      }
      if (mailbox.find(kTenantPlaceholder) != std::string::npos) {
        throw std::invalid_argument("[domain.dmarc] mailbox = " + mailbox +
                                    " is one mailbox per tenant ({tenant}), so mailbox_tenant = " + reader +
                                    " has no shared mailbox to read: remove one of the two");
      }
    }
  }

  void sync(govsync::RunContext& ctx) override {
    const auto& config = ctx.config();
    const auto verified = govsync::dmarc::read_verified_domains(ctx);
    govsync::dmarc::TenantAttribution attribution(ctx, verified);
    govsync::dmarc::ReportStore store(ctx, attribution);
    if (const auto dir = config.getString("reports_dir", ""); !dir.empty()) read_folder(store, dir);
    if (auto mailbox = config.getString("mailbox", ""); !mailbox.empty()) {
      const auto reader = config.getString("mailbox_tenant", "");
      const auto at = mailbox.find(kTenantPlaceholder);
      if (at != std::string::npos) mailbox.replace(at, std::string(kTenantPlaceholder).size(), ctx.tenant().id);
      // The tenant's own mailbox, or the shared one this run reads for all, hands the other tenants'
      // reports over; a shared one every run reads leaves them to their runs.
      using govsync::dmarc::Route;
      if (at != std::string::npos) {
        govsync::dmarc::read_mailbox(ctx, store, mailbox, Route::own_mailbox);
      } else if (reader == ctx.tenant().id) {
        govsync::dmarc::read_mailbox(ctx, store, mailbox, Route::hand_over_others);
      } else if (reader.empty()) {
        govsync::dmarc::read_mailbox(ctx, store, mailbox, Route::pass_by_others);
      }
    }
    govsync::dmarc::take_handed_over_reports(ctx, store);
    if (config.getBool("check_dns", true))
      govsync::dmarc::sync_domain_policies(ctx, verified, config.getString("dns_server", ""));
  }
};

}  // namespace

GOVSYNC_PLUGIN(DmarcPlugin)
