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
