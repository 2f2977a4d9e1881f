-- The example plugin's table: one row per subscription of each tenant.
-- Applied by govsync in this plugin's own sequence (plugin_schema_migrations,
-- plugin 'example'), after govsync's own migrations. Write a new numbered
-- file for every change; never edit an applied one.
CREATE TABLE example_subscriptions (
  tenant_id       VARCHAR(63)  NOT NULL,
  subscription_id TEXT         NOT NULL,
  display_name    VARCHAR(128),
  state           VARCHAR(32),
  sync_run_id     BIGINT,
  PRIMARY KEY (tenant_id, subscription_id)
);
