-- DMARC aggregate reports and published policies (dmarc plugin).
CREATE TABLE dmarc_reports (
  tenant_id      VARCHAR(63)  NOT NULL,
  org_name       TEXT         NOT NULL,
  report_id      TEXT         NOT NULL,
  org_email      VARCHAR(320),
  domain         VARCHAR(255),
  date_begin     TIMESTAMPTZ,
  date_end       TIMESTAMPTZ,
  policy_p       VARCHAR(16),
  policy_sp      VARCHAR(16),
  policy_pct     INTEGER,
  policy_adkim   VARCHAR(8),
  policy_aspf    VARCHAR(8),
  schema_version VARCHAR(16),
  source_name    VARCHAR(1000),
  sync_run_id    BIGINT,
  PRIMARY KEY (tenant_id, org_name, report_id)
);

CREATE TABLE dmarc_records (
  tenant_id     VARCHAR(63)  NOT NULL,
  org_name      TEXT         NOT NULL,
  report_id     TEXT         NOT NULL,
  record_index  INTEGER      NOT NULL,
  source_ip     VARCHAR(45),
  message_count BIGINT,
  disposition   VARCHAR(16),
  dkim_result   VARCHAR(16),
  spf_result    VARCHAR(16),
  header_from   VARCHAR(255),
  envelope_from VARCHAR(255),
  envelope_to   VARCHAR(255),
  dkim_auth     TEXT,
  spf_auth      TEXT,
  reasons       TEXT,
  sync_run_id   BIGINT,
  PRIMARY KEY (tenant_id, org_name, report_id, record_index)
);

CREATE TABLE dmarc_rejected_reports (
  tenant_id   VARCHAR(63) NOT NULL,
  source_name TEXT        NOT NULL,
  reason      TEXT        NOT NULL,
  sync_run_id BIGINT,
  PRIMARY KEY (tenant_id, source_name)
);

CREATE TABLE dmarc_domain_policies (
  tenant_id        VARCHAR(63) NOT NULL,
  domain           TEXT        NOT NULL,
  record           TEXT,
  policy           VARCHAR(16),
  subdomain_policy VARCHAR(16),
  pct              INTEGER,
  rua              TEXT,
  lookup_error     TEXT,
  sync_run_id      BIGINT,
  PRIMARY KEY (tenant_id, domain)
);
