-- The tenants govsync syncs: one row per [tenant.<id>] section. Never credentials.
CREATE TABLE tenants (
  tenant_id    VARCHAR(63) PRIMARY KEY,
  directory_id VARCHAR(36) NOT NULL,
  updated_at   TIMESTAMPTZ NOT NULL
);
