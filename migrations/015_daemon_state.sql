-- Each host's daemon: when it started and when its configuration was last
-- loaded or refused, so that `govsync status` can show a reload the daemon
-- refused (it only logs it otherwise). One row per host, replaced at start.
CREATE TABLE daemon_state (
  hostname           VARCHAR(255) PRIMARY KEY,
  pid                BIGINT       NOT NULL,
  config_file        TEXT         NOT NULL,
  started_at         VARCHAR(40)  NOT NULL,
  loaded_at          VARCHAR(40)  NOT NULL,
  reload_refused_at  VARCHAR(40),
  reload_error       TEXT
);

-- What each host's daemon holds back after runs killed their worker process
-- repeatedly (a plugin: domain and tenant_id empty; a pair: all three set).
-- Rewritten when it changes; cleared when the daemon starts.
CREATE TABLE daemon_quarantines (
  hostname   VARCHAR(255) NOT NULL,
  plugin     VARCHAR(255) NOT NULL,
  domain     VARCHAR(255) NOT NULL,
  tenant_id  VARCHAR(63)  NOT NULL,
  why        TEXT         NOT NULL,
  PRIMARY KEY (hostname, plugin, domain, tenant_id)
);
