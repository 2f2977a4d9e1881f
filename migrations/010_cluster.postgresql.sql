-- Cluster mode ([cluster] enabled): the hosts that share this database, and
-- one claim per (domain, tenant, interval window, attempt). A host runs a due
-- slot only after its INSERT of the claim succeeded; the primary key makes
-- every other host's INSERT do nothing, so each slot runs exactly once.
CREATE TABLE cluster_hosts (
  instance_id   VARCHAR(255) PRIMARY KEY,
  hostname      VARCHAR(255) NOT NULL,
  pid           INTEGER      NOT NULL,
  started_at    TIMESTAMPTZ  NOT NULL,
  checked_in_at TIMESTAMPTZ  NOT NULL
);
CREATE TABLE run_claims (
  domain       VARCHAR(63)  NOT NULL,
  tenant_id    VARCHAR(63)  NOT NULL,
  window_start BIGINT       NOT NULL,
  attempt      INTEGER      NOT NULL,
  host         VARCHAR(255) NOT NULL,
  run_id       BIGINT,
  claimed_at   TIMESTAMPTZ  NOT NULL DEFAULT now(),
  PRIMARY KEY (domain, tenant_id, window_start, attempt)
);
