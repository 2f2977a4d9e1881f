-- Every value the truncation service cut, written outside the run's
-- transaction so the record survives a rollback of the run.
CREATE TABLE truncation_audit (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  run_id          BIGINT       NOT NULL,
  plugin          VARCHAR(63)  NOT NULL,
  tenant_id       VARCHAR(63)  NOT NULL,
  table_name      VARCHAR(63)  NOT NULL,
  column_name     VARCHAR(63)  NOT NULL,
  row_key         TEXT         NOT NULL,
  original_length BIGINT       NOT NULL,
  max_length      BIGINT       NOT NULL,
  truncated_at    TIMESTAMPTZ  NOT NULL
);
CREATE INDEX truncation_audit_run ON truncation_audit (run_id);
CREATE INDEX truncation_audit_tenant ON truncation_audit (tenant_id, table_name, column_name);
