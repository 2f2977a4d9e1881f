#pragma once
// Inputs handed over to this tenant: the run that reads a mailbox alone (a
// shared one, mailbox_tenant) leaves each input holding another tenant's
// report in dmarc_report_handover (report_store.hpp); each tenant's run stores
// its reports from those left for it and deletes their rows, in its own
// transaction.

#include <govsync/context.hpp>

#include "report_store.hpp"

namespace govsync::dmarc {

/// Stores the run's tenant's reports from the inputs handed over to it and deletes their rows.
void take_handed_over_reports(RunContext& ctx, ReportStore& store);

}  // namespace govsync::dmarc
