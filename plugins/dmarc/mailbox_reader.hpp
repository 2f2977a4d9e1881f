#pragma once
// The DMARC reports of a Microsoft Graph mailbox: every message with
// attachments is listed; a message this tenant's run has read to the end
// before (dmarc_mailbox_messages) is not downloaded again. Each attachment is
// filed through the report store: a fileAttachment's contentBytes, an
// itemAttachment's MIME (its $value, a forwarded report), a referenceAttachment
// rejected as a link.

#include <govsync/context.hpp>

#include <string>

#include "report_store.hpp"

namespace govsync::dmarc {

/// Reads `mailbox` (a UPN) and files its reports along `route`.
void read_mailbox(RunContext& ctx, ReportStore& store, const std::string& mailbox, Route route);

}  // namespace govsync::dmarc
