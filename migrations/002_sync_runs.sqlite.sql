-- The run ledger: one row per (domain, tenant) run. owner is the host instance
-- (hostname:pid:start); heartbeat_at proves the owner is alive.
CREATE TABLE sync_runs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  domain       VARCHAR(63)  NOT NULL,
  tenant_id    VARCHAR(63)  NOT NULL,
  status       VARCHAR(16)  NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
  trigger      VARCHAR(16)  NOT NULL CHECK (trigger IN ('schedule', 'manual', 'retry')),
  attempt      INTEGER      NOT NULL DEFAULT 1,
  owner        VARCHAR(255) NOT NULL,
  started_at   TIMESTAMPTZ,
  heartbeat_at TIMESTAMPTZ,
  finished_at  TIMESTAMPTZ,
  rows_written BIGINT       NOT NULL DEFAULT 0,
  rows_deleted BIGINT       NOT NULL DEFAULT 0,
  truncations  BIGINT       NOT NULL DEFAULT 0,
  error        TEXT
);
CREATE INDEX sync_runs_domain_tenant ON sync_runs (domain, tenant_id, id);
CREATE INDEX sync_runs_running ON sync_runs (status) WHERE status = 'running';
