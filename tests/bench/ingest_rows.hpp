#pragma once
// The policy_states rows the fixture_policy plugin writes, for the raw
// baselines of the ingest benchmark (same table, same values).

#include <array>
#include <string>

namespace govsync::bench {

/// Columns in the order the baselines write them.
inline constexpr std::array<const char*, 11> kPolicyStateColumns{"tenant_id",
                                                                 "sync_run_id",
                                                                 "subscription_id",
                                                                 "policy_assignment_id",
                                                                 "policy_definition_id",
                                                                 "policy_definition_reference_id",
                                                                 "resource_id",
                                                                 "policy_name",
                                                                 "category",
                                                                 "compliance_state",
                                                                 "resource_type"};

/// Row i of a tenant: the 11 values as text (sync_run_id as digits).
std::array<std::string, 11> policy_state_row(const std::string& tenant, long i);

/// Rows per second through a raw SQLite INSERT (one prepared statement, one transaction).
double raw_sqlite_rows_per_second(const std::string& path, int tenants, long rows);

/// Rows per second through one PostgreSQL COPY of every tenant's rows.
double raw_postgres_rows_per_second(const std::string& conninfo, int tenants, long rows);

/// Rows per second through one PostgreSQL COPY per tenant, all at once, each
/// on its own connection: the way concurrent runs write.
double raw_postgres_concurrent_rows_per_second(const std::string& conninfo, int tenants, long rows);

}  // namespace govsync::bench
