#pragma once
// Which configured tenant a report belongs to: the tenant whose verified
// domains (Graph /domains, isVerified true) include the report's policy
// domain or its organisational domain, taken here as the longest verified
// domain that equals the policy domain or is a parent of it (mail.contoso.com
// belongs to the tenant that verified contoso.com). Each tenant's run records
// its verified domains in dmarc_tenant_domains; the others' are read from there.

#include <govsync/context.hpp>

#include <optional>
#include <string>
#include <vector>

namespace govsync::dmarc {

/// One verified domain of one tenant.
struct TenantDomain {
  std::string tenant_id;
  std::string domain;
};

/// The tenant owning `domain` among `domains` (longest equal or parent
/// domain, case-insensitive, a trailing dot ignored); none when no domain matches.
std::optional<std::string> owner_of(const std::string& domain, const std::vector<TenantDomain>& domains);

/// The run's tenant's verified domains, from Graph /domains (v1.0 domain
/// resource: id, isVerified), in the order Graph lists them.
std::vector<std::string> read_verified_domains(RunContext& ctx);

/// Attributes reports for one run: the run's tenant's verified domains as read
/// now, the other tenants' as their last runs recorded them (read at the first
/// question, in the run's transaction).
class TenantAttribution {
 public:
  /// Records `verified` as the run's tenant's domains in dmarc_tenant_domains.
  TenantAttribution(RunContext& ctx, const std::vector<std::string>& verified);
  /// The tenant id owning `domain`, or none.
  std::optional<std::string> owner(const std::string& domain);

 private:
  RunContext& ctx_;
  std::vector<TenantDomain> domains_;
  bool others_read_ = false;
};

}  // namespace govsync::dmarc
