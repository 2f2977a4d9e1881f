-- Daily actual cost by resource group and service (costs plugin).
CREATE TABLE cost_daily (
  tenant_id       VARCHAR(63) NOT NULL,
  subscription_id TEXT        NOT NULL,
  usage_date      TEXT        NOT NULL,
  resource_group  TEXT        NOT NULL,
  service_name    TEXT        NOT NULL,
  currency        TEXT        NOT NULL,
  cost            DOUBLE PRECISION NOT NULL,
  sync_run_id     BIGINT,
  PRIMARY KEY (tenant_id, subscription_id, usage_date, resource_group, service_name, currency)
);
