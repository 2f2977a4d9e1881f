#include "truncate/truncation_audit_store.hpp"

#include <Poco/Data/Statement.h>

namespace govsync::host {

using Poco::Data::Keywords::bind;
using Poco::Data::Keywords::now;

void store_truncation_records(Database& db, const std::vector<TruncationRecord>& records) {
  if (records.empty()) return;
  auto lease = db.lease();
  auto& session = lease.session();
  try {
    Transaction tx(db, session);
    const std::string sql =
        "INSERT INTO truncation_audit (run_id, plugin, tenant_id, table_name, column_name, row_key, original_length, "
        "max_length, truncated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, " +
        std::string(sql_now(db.dialect())) + ")";
    for (const auto& r : records) {
      session << sql, bind(r.run_id), bind(r.plugin), bind(r.tenant), bind(r.table), bind(r.column), bind(r.row_key),
          bind(static_cast<std::int64_t>(r.original_chars)), bind(static_cast<std::int64_t>(r.max_chars)), now;
    }
    tx.commit();
  } catch (...) {
    lease.discard();
    throw;
  }
}

}  // namespace govsync::host
