#include "runs/tenant_registry.hpp"

#include "db/bound_statement.hpp"

namespace govsync::host {

void register_tenants(Database& db, const std::vector<TenantSettings>& tenants) {
  if (tenants.empty()) return;
  auto lease = db.lease();
  try {
    Transaction tx(db, lease.session());
    const std::string sql = "INSERT INTO tenants (tenant_id, directory_id, updated_at) VALUES ($1, $2, " +
                            std::string(sql_now(db.dialect())) +
                            ") ON CONFLICT (tenant_id) DO UPDATE SET directory_id = excluded.directory_id, "
                            "updated_at = excluded.updated_at";
    for (const auto& t : tenants) execute_bound(lease.session(), sql, {Value{t.id}, Value{t.directory_id}});
    tx.commit();
  } catch (...) {
    lease.discard();
    throw;
  }
}

}  // namespace govsync::host
