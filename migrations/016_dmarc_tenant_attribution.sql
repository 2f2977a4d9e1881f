-- dmarc (issue 19, item 7): each report belongs to the tenant whose verified
-- domains include its policy domain or a parent of it.
--
-- dmarc_tenant_domains: each tenant's verified domains (Graph /domains,
-- isVerified true) as its last dmarc run read them; every tenant's run reads
-- the others' to attribute the reports it finds.
CREATE TABLE dmarc_tenant_domains (
  tenant_id   VARCHAR(63)  NOT NULL,
  domain      VARCHAR(255) NOT NULL,
  sync_run_id BIGINT,
  PRIMARY KEY (tenant_id, domain)
);

-- dmarc_mailbox_messages: the messages of a mailbox this tenant's run has
-- read to the end (every report stored, handed over or rejected); they are
-- not downloaded again. A message with a report no tenant owns, or whose
-- attachment could not be fetched, is not listed, so it is read again.
CREATE TABLE dmarc_mailbox_messages (
  tenant_id   VARCHAR(63)  NOT NULL,
  mailbox     VARCHAR(320) NOT NULL,
  message_id  TEXT         NOT NULL,
  sync_run_id BIGINT,
  PRIMARY KEY (tenant_id, mailbox, message_id)
);

-- dmarc_report_handover: inputs (a mailbox attachment's bytes, in base64)
-- that the run reading a mailbox alone (a shared one: mailbox_tenant) found
-- holding a report of another tenant, kept until that tenant's run has stored
-- its reports from them and deleted the row.
CREATE TABLE dmarc_report_handover (
  tenant_id     VARCHAR(63) NOT NULL,
  source_name   TEXT        NOT NULL,
  for_tenant_id VARCHAR(63) NOT NULL,
  input_name    TEXT,
  content_type  TEXT,
  content       TEXT        NOT NULL,
  sync_run_id   BIGINT,
  PRIMARY KEY (tenant_id, source_name, for_tenant_id)
);

-- dmarc_rejected_reports: a report that matches no tenant's verified domains
-- is recorded with unattributed true and its policy domain. Each run records
-- again those it still finds; the ones a tenant now owns go.
ALTER TABLE dmarc_rejected_reports ADD COLUMN unattributed BOOLEAN;
ALTER TABLE dmarc_rejected_reports ADD COLUMN unattributed_domain VARCHAR(255);
