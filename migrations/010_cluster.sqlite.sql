-- Cluster mode needs PostgreSQL; the tables exist on SQLite too so that both
-- dialects keep one schema version sequence.
CREATE TABLE cluster_hosts (
  instance_id   TEXT    PRIMARY KEY,
  hostname      TEXT    NOT NULL,
  pid           INTEGER NOT NULL,
  started_at    TEXT    NOT NULL,
  checked_in_at TEXT    NOT NULL
);
CREATE TABLE run_claims (
  domain       TEXT    NOT NULL,
  tenant_id    TEXT    NOT NULL,
  window_start INTEGER NOT NULL,
  attempt      INTEGER NOT NULL,
  host         TEXT    NOT NULL,
  run_id       INTEGER,
  claimed_at   TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  PRIMARY KEY (domain, tenant_id, window_start, attempt)
);
