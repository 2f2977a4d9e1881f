#include "tenant_attribution.hpp"

#include <govsync/json_fields.hpp>

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>
#include <Poco/String.h>

#include <stdexcept>

namespace govsync::dmarc {
namespace {

std::string normalized(const std::string& domain) {
  auto text = Poco::toLower(domain);
  while (!text.empty() && text.back() == '.') text.pop_back();
  return text;
}

// True when `domain` is `parent` or a subdomain of it (both normalized).
bool within(const std::string& domain, const std::string& parent) {
  if (parent.empty() || domain.size() < parent.size()) return false;
  if (domain.size() == parent.size()) return domain == parent;
  return domain.ends_with(parent) && domain[domain.size() - parent.size() - 1] == '.';
}

}  // namespace

std::optional<std::string> owner_of(const std::string& domain, const std::vector<TenantDomain>& domains) {
  const auto wanted = normalized(domain);
  const TenantDomain* best = nullptr;
  std::size_t best_length = 0;
  for (const auto& candidate : domains) {
    const auto verified = normalized(candidate.domain);
    if (within(wanted, verified) && (best == nullptr || verified.size() > best_length)) {
      best = &candidate;
      best_length = verified.size();
    }
  }
  if (best == nullptr) return std::nullopt;
  return best->tenant_id;
}

// The v1.0 domain resource: id is the domain name, isVerified whether the
// tenant proved it owns it (https://learn.microsoft.com/graph/api/resources/domain).
std::vector<std::string> read_verified_domains(RunContext& ctx) {
  std::vector<std::string> verified;
  auto pages = ctx.azure().pages(AzureApi::graph, AzurePaging::odata_next_link, "/v1.0/domains");
  while (auto page = pages->next()) {
    const auto values = json::array(*page, "value");
    if (!values) continue;
    for (const auto& value : *values) {
      if (ctx.cancelled()) throw std::runtime_error("cancelled");
      const auto domain = value.extract<Poco::JSON::Object::Ptr>();
      const auto name = json::text(*domain, "id");
      if (!name.empty() && json::boolean(*domain, "isVerified") == true) verified.push_back(name);
    }
  }
  return verified;
}

TenantAttribution::TenantAttribution(RunContext& ctx, const std::vector<std::string>& verified) : ctx_(ctx) {
  auto& writer = ctx.writer("dmarc_tenant_domains", {{"domain"}, true});
  for (const auto& domain : verified) {
    domains_.push_back({ctx.tenant().id, domain});
    Row row;
    row.set("domain", normalized(domain));
    writer.upsert(row);
  }
}

std::optional<std::string> TenantAttribution::owner(const std::string& domain) {
  if (!others_read_) {
    using Poco::Data::Keywords::use;
    std::string tenant = ctx_.tenant().id;
    Poco::Data::Statement select(ctx_.session());
    select << "SELECT tenant_id, domain FROM dmarc_tenant_domains WHERE tenant_id <> $1", use(tenant);
    select.execute();
    Poco::Data::RecordSet rows(select);
    for (std::size_t i = 0; i < rows.rowCount(); ++i) {
      domains_.push_back({rows.value(0, i).convert<std::string>(), rows.value(1, i).convert<std::string>()});
    }
    others_read_ = true;
  }
  return owner_of(domain, domains_);
}

}  // namespace govsync::dmarc
