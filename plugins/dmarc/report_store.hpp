#pragma once
// Files what one input holds: each report goes to the tenant it is attributed
// to (tenant_attribution.hpp). The run's tenant's reports are stored with
// their records; another tenant's are passed by (its own run reads the same
// source) or handed over to its run (dmarc_report_handover: the whole input,
// when only this run reads the source); a report no tenant owns is recorded rejected as
// unattributed, with its domain. An input or document that is not a readable
// report is recorded rejected with its reason. Nothing here stops the run.

#include <govsync/context.hpp>

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "dmarc_report.hpp"
#include "tenant_attribution.hpp"

namespace govsync::dmarc {

/// Where the reports of an input go.
enum class Route {
  pass_by_others,    ///< every tenant's run reads this source: another tenant's report is left to its run
  hand_over_others,  ///< only this run reads this source: another tenant's report is handed over to its run
  own_mailbox,       ///< the tenant's own mailbox ({tenant}): as hand_over_others, and a report no tenant
                     ///< owns is this tenant's (the mailbox is its own), not unattributed
  handed_over,       ///< an input another tenant's run handed over: this tenant's reports are stored, the rest
                     ///< (recorded by that run) is passed by
};

class ReportStore {
 public:
  ReportStore(RunContext& ctx, TenantAttribution& attribution);
  /// Files every report in `bytes` (an input named `name`, of MIME type
  /// `content_type` if known) found at `source`. False when a report in it
  /// has no owner (so the input should be read again later).
  bool file(const std::string& source, std::string_view bytes, const std::string& name, const std::string& content_type,
            Route route);
  /// Records `source` as rejected for `reason`.
  void reject(const std::string& source, const std::string& reason);

 private:
  std::optional<std::string> owner(const std::string& domain);
  void record_unattributed(const std::string& where, const std::string& domain);
  void hand_over(const std::string& source, const std::string& tenant, std::string_view bytes, const std::string& name,
                 const std::string& content_type);
  void store_report(const std::string& where, const Report& report);
  void store_record(const Report& report, std::size_t index, const Record& record);

  RunContext& ctx_;
  TenantAttribution& attribution_;
  TableWriter& reports_;
  TableWriter& records_;
  TableWriter& rejected_;
  std::map<std::string, std::optional<std::string>> owners_;  // policy domain -> owning tenant, as asked
};

}  // namespace govsync::dmarc
