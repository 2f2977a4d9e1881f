#include "domain_policies.hpp"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>
#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/Timestamp.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>
#include <optional>
#include <stdexcept>
#include <vector>

#include "dmarc_policy.hpp"
#include "dns_txt_lookup.hpp"

namespace govsync::dmarc {
namespace {

using Text = std::optional<std::string>;

struct DomainAnswer {
  std::string domain;
  TxtLookup lookup;
};

// The policy columns of one row, as looked up now or as stored by an earlier run.
struct PolicyColumns {
  Text record, policy, subdomain_policy, rua, policy_note;
  std::optional<std::int64_t> pct;
};

PolicyColumns columns_of(const PolicyChoice& choice) {
  PolicyColumns columns;
  if (!choice.note.empty()) columns.policy_note = choice.note;
  if (!choice.policy) return columns;
  columns.record = choice.policy->record;
  columns.policy = choice.policy->p;
  columns.subdomain_policy = choice.policy->sp;
  columns.rua = choice.policy->rua;
  if (choice.policy->pct) columns.pct = *choice.policy->pct;
  return columns;
}

std::vector<DomainAnswer> look_up(RunContext& ctx, const std::vector<std::string>& domains,
                                  const std::string& dns_server) {
  std::vector<DomainAnswer> answers;
  for (const auto& name : domains) {
    if (ctx.cancelled()) throw std::runtime_error("cancelled");
    answers.push_back({name, lookup_txt("_dmarc." + name, dns_server)});
    if (!answers.back().lookup.error.empty()) ctx.log().warn("{}", answers.back().lookup.error);
    ctx.progress("domains", answers.size(), domains.size());
  }
  return answers;
}

Text text_at(const Poco::Data::RecordSet& rows, std::size_t column, std::size_t row) {
  if (rows.isNull(column, row)) return std::nullopt;
  return rows.value(column, row).convert<std::string>();
}

// The tenant's stored policies by domain, read in the run's transaction
// before this run's writer has written any of them.
std::map<std::string, PolicyColumns> stored_policies(RunContext& ctx) {
  using Poco::Data::Keywords::use;
  std::string tenant = ctx.tenant().id;
  Poco::Data::Statement select(ctx.session());
  select << "SELECT domain, record, policy, subdomain_policy, pct, rua, policy_note FROM dmarc_domain_policies "
            "WHERE tenant_id = $1",
      use(tenant);
  select.execute();
  Poco::Data::RecordSet rows(select);
  std::map<std::string, PolicyColumns> stored;
  for (std::size_t i = 0; i < rows.rowCount(); ++i) {
    PolicyColumns columns{text_at(rows, 1, i), text_at(rows, 2, i), text_at(rows, 3, i),
                          text_at(rows, 5, i), text_at(rows, 6, i), std::nullopt};
    if (!rows.isNull(4, i)) columns.pct = rows.value(4, i).convert<std::int64_t>();
    stored.emplace(rows.value(0, i).convert<std::string>(), std::move(columns));
  }
  return stored;
}

Row row_of(const std::string& domain, const PolicyColumns& columns, const Text& error, const Text& failed_at) {
  Row row;
  row.set("domain", domain)
      .set("record", columns.record)
      .set("policy", columns.policy)
      .set("subdomain_policy", columns.subdomain_policy)
      .set("pct", columns.pct)
      .set("rua", columns.rua)
      .set("policy_note", columns.policy_note)
      .set("lookup_error", error)
      .set("lookup_failed_at", failed_at);
  return row;
}

}  // namespace

// A failed lookup must not erase what we knew: its row keeps the last stored
// policy and gets the error beside it. The row must still be written, because
// this writer deletes the tenant's rows it did not see (a domain removed from
// the tenant goes), and every row of one writer sets the same columns. So the
// last stored policies are read back (one SELECT with a bound tenant id, only
// when a lookup failed, after all lookups so the session is not held during
// them) and written again through the writer like any other row. This keeps
// delete_unseen, the truncator and the one-statement-per-batch upsert exactly
// as for every other table; a separate UPDATE of only the error columns would
// have to mark the row as seen by writing sync_run_id itself, which is the
// host's business.
void sync_domain_policies(RunContext& ctx, const std::vector<std::string>& verified, const std::string& dns_server) {
  auto& writer = ctx.writer("dmarc_domain_policies", {{"domain"}, true});
  const auto answers = look_up(ctx, verified, dns_server);
  const bool any_failed =
      std::any_of(answers.begin(), answers.end(), [](const DomainAnswer& a) { return !a.lookup.error.empty(); });
  const auto stored = any_failed ? stored_policies(ctx) : std::map<std::string, PolicyColumns>{};
  const auto failed_at = Poco::DateTimeFormatter::format(Poco::Timestamp(), Poco::DateTimeFormat::ISO8601_FORMAT);
  for (const auto& [domain, lookup] : answers) {
    if (lookup.error.empty()) {
      const auto choice = dmarc_policy_of(lookup.records);
      if (!choice.note.empty()) ctx.log().warn("_dmarc.{}: {}", domain, choice.note);
      writer.upsert(row_of(domain, columns_of(choice), std::nullopt, std::nullopt));
      continue;
    }
    const auto known = stored.find(domain);
    writer.upsert(row_of(domain, known == stored.end() ? PolicyColumns{} : known->second, lookup.error, failed_at));
  }
}

}  // namespace govsync::dmarc
