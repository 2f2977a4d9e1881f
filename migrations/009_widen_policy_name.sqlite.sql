-- Azure Policy names longer than 255 characters exist: widen policy_name to
-- 1000 and category to 500. SQLite cannot alter a column's declared type, so
-- the table is rebuilt (https://sqlite.org/lang_altertable.html, "Making
-- Other Kinds Of Table Schema Changes"); the truncation service reads the
-- declared widths, so they must really change.
CREATE TABLE policy_states_widened (
  tenant_id                      VARCHAR(63)  NOT NULL,
  subscription_id                TEXT         NOT NULL,
  policy_assignment_id           TEXT         NOT NULL,
  policy_definition_id           TEXT         NOT NULL,
  policy_definition_reference_id TEXT         NOT NULL DEFAULT '',
  resource_id                    TEXT         NOT NULL,
  policy_name                    VARCHAR(1000),
  category                       VARCHAR(500),
  compliance_state               VARCHAR(32)  NOT NULL,
  resource_type                  VARCHAR(255),
  resource_location              VARCHAR(64),
  state_timestamp                TIMESTAMPTZ,
  sync_run_id                    BIGINT,
  PRIMARY KEY (tenant_id, subscription_id, policy_assignment_id, policy_definition_id,
               policy_definition_reference_id, resource_id)
);
INSERT INTO policy_states_widened
  (tenant_id, subscription_id, policy_assignment_id, policy_definition_id, policy_definition_reference_id,
   resource_id, policy_name, category, compliance_state, resource_type, resource_location, state_timestamp,
   sync_run_id)
SELECT tenant_id, subscription_id, policy_assignment_id, policy_definition_id, policy_definition_reference_id,
       resource_id, policy_name, category, compliance_state, resource_type, resource_location, state_timestamp,
       sync_run_id
FROM policy_states;
DROP TABLE policy_states;
ALTER TABLE policy_states_widened RENAME TO policy_states;
CREATE INDEX policy_states_state ON policy_states (tenant_id, compliance_state);
