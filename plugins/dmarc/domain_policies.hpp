#pragma once
// Each tenant domain's published DMARC policy: the verified domains (from
// Microsoft Graph /domains, see tenant_attribution.hpp), a TXT lookup of
// _dmarc.<domain> each, one row per domain in dmarc_domain_policies.

#include <govsync/context.hpp>

#include <string>
#include <vector>

namespace govsync::dmarc {

/// Looks up every verified domain of the run's tenant and stores its policy.
/// A domain whose lookup failed keeps its last known policy; its row gets the
/// error and the time of the failure. A successful lookup clears both.
void sync_domain_policies(RunContext& ctx, const std::vector<std::string>& verified, const std::string& dns_server);

}  // namespace govsync::dmarc
