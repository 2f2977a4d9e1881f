-- Azure resources (resources plugin). tags holds the resource's tags as JSON.
CREATE TABLE resources (
  tenant_id          VARCHAR(63)  NOT NULL,
  resource_id        TEXT         NOT NULL,
  subscription_id    TEXT,
  resource_group     VARCHAR(90),
  name               VARCHAR(255),
  type               VARCHAR(255),
  kind               VARCHAR(128),
  location           VARCHAR(64),
  sku_name           VARCHAR(128),
  sku_tier           VARCHAR(64),
  tags               TEXT,
  provisioning_state VARCHAR(64),
  created_time       TIMESTAMPTZ,
  changed_time       TIMESTAMPTZ,
  is_orphan          BOOLEAN      NOT NULL DEFAULT FALSE,
  orphan_reason      VARCHAR(255),
  sync_run_id        BIGINT,
  PRIMARY KEY (tenant_id, resource_id)
);
CREATE INDEX resources_type ON resources (tenant_id, type);
