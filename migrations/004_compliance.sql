-- Policy compliance (compliance plugin). Key columns are unbounded TEXT: a key
-- is never cut, because two cut keys could name one row.
-- policy_name starts at 255 wide, as in the system govsync replaces; 009 widens it.
CREATE TABLE policy_states (
  tenant_id                      VARCHAR(63)  NOT NULL,
  subscription_id                TEXT         NOT NULL,
  policy_assignment_id           TEXT         NOT NULL,
  policy_definition_id           TEXT         NOT NULL,
  policy_definition_reference_id TEXT         NOT NULL DEFAULT '',
  resource_id                    TEXT         NOT NULL,
  policy_name                    VARCHAR(255),
  category                       VARCHAR(255),
  compliance_state               VARCHAR(32)  NOT NULL,
  resource_type                  VARCHAR(255),
  resource_location              VARCHAR(64),
  state_timestamp                TIMESTAMPTZ,
  sync_run_id                    BIGINT,
  PRIMARY KEY (tenant_id, subscription_id, policy_assignment_id, policy_definition_id,
               policy_definition_reference_id, resource_id)
);
CREATE INDEX policy_states_state ON policy_states (tenant_id, compliance_state);

-- One row per subscription per run.
CREATE TABLE compliance_snapshots (
  tenant_id          VARCHAR(63) NOT NULL,
  subscription_id    TEXT        NOT NULL,
  captured_at        TEXT        NOT NULL,
  compliant          BIGINT      NOT NULL,
  non_compliant      BIGINT      NOT NULL,
  exempt             BIGINT      NOT NULL,
  total              BIGINT      NOT NULL,
  compliance_percent DOUBLE PRECISION,
  sync_run_id        BIGINT,
  PRIMARY KEY (tenant_id, subscription_id, captured_at)
);

-- Microsoft Defender for Cloud secure score (ascScore), latest per subscription.
CREATE TABLE secure_scores (
  tenant_id       VARCHAR(63) NOT NULL,
  subscription_id TEXT        NOT NULL,
  score_name      TEXT        NOT NULL,
  current_score   DOUBLE PRECISION,
  max_score       DOUBLE PRECISION,
  percentage      DOUBLE PRECISION,
  captured_at     TEXT,
  sync_run_id     BIGINT,
  PRIMARY KEY (tenant_id, subscription_id, score_name)
);
