#include "cluster/run_claims.hpp"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Statement.h>

namespace govsync::host {
namespace {

using Poco::Data::Keywords::bind;
using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;

}  // namespace

bool claim_slot(Database& db, const SlotClaim& claim, const std::string& host) {
  return in_transaction(db, [&](Poco::Data::Session& session) -> std::size_t {
           Poco::Data::Statement insert(session);
           insert << "INSERT INTO run_claims (domain, tenant_id, window_start, attempt, host) "
                     "VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
               bind(claim.domain), bind(claim.tenant), bind(static_cast<Poco::Int64>(claim.window_start)),
               bind(claim.attempt), bind(host);
           return insert.execute();
         }) == 1;
}

std::optional<SlotClaim> claim_next_attempt(Database& db, const std::string& domain, const std::string& tenant,
                                            std::int64_t window_start, const std::string& host) {
  SlotClaim claim{domain, tenant, window_start, 0};
  const auto won = in_transaction(db, [&](Poco::Data::Session& session) -> std::size_t {
    int attempt = 0;
    const auto window = static_cast<Poco::Int64>(window_start);
    session << "SELECT COALESCE(MAX(attempt), 0) FROM run_claims WHERE domain = $1 AND tenant_id = $2 "
               "AND window_start = $3",
        bind(domain), bind(tenant), bind(window), into(attempt), now;
    claim.attempt = attempt + 1;
    Poco::Data::Statement insert(session);
    insert << "INSERT INTO run_claims (domain, tenant_id, window_start, attempt, host) "
              "VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
        bind(claim.domain), bind(claim.tenant), bind(static_cast<Poco::Int64>(claim.window_start)), bind(claim.attempt),
        bind(host);
    return insert.execute();
  });
  if (won != 1) return std::nullopt;
  return claim;
}

void attach_run(Database& db, const SlotClaim& claim, std::int64_t run_id) {
  in_transaction(db, [&](Poco::Data::Session& session) -> std::size_t {
    Poco::Data::Statement update(session);
    update << "UPDATE run_claims SET run_id = $1 WHERE domain = $2 AND tenant_id = $3 AND window_start = $4 "
              "AND attempt = $5",
        bind(static_cast<Poco::Int64>(run_id)), bind(claim.domain), bind(claim.tenant),
        bind(static_cast<Poco::Int64>(claim.window_start)), bind(claim.attempt);
    return update.execute();
  });
}

void release_claim(Database& db, const SlotClaim& claim) {
  in_transaction(db, [&](Poco::Data::Session& session) -> std::size_t {
    Poco::Data::Statement remove(session);
    remove << "DELETE FROM run_claims WHERE domain = $1 AND tenant_id = $2 AND window_start = $3 AND attempt = $4",
        bind(claim.domain), bind(claim.tenant), bind(static_cast<Poco::Int64>(claim.window_start)), bind(claim.attempt);
    return remove.execute();
  });
}

}  // namespace govsync::host
