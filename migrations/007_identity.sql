-- Entra ID users, privileged role members, MFA registration (identity plugin).
CREATE TABLE identity_users (
  tenant_id                       VARCHAR(63)  NOT NULL,
  user_id                         TEXT         NOT NULL,
  user_principal_name             VARCHAR(1024),
  display_name                    VARCHAR(256),
  mail                            VARCHAR(320),
  user_type                       VARCHAR(32),
  account_enabled                 BOOLEAN,
  created_at                      TIMESTAMPTZ,
  last_sign_in_at                 TIMESTAMPTZ,
  last_non_interactive_sign_in_at TIMESTAMPTZ,
  is_guest                        BOOLEAN      NOT NULL DEFAULT FALSE,
  is_privileged                   BOOLEAN      NOT NULL DEFAULT FALSE,
  is_stale_30                     BOOLEAN,
  is_stale_90                     BOOLEAN,
  sync_run_id                     BIGINT,
  PRIMARY KEY (tenant_id, user_id)
);

CREATE TABLE identity_role_members (
  tenant_id           VARCHAR(63)  NOT NULL,
  role_id             TEXT         NOT NULL,
  member_id           TEXT         NOT NULL,
  role_name           VARCHAR(256),
  member_type         VARCHAR(64),
  member_display_name VARCHAR(256),
  member_upn          VARCHAR(1024),
  sync_run_id         BIGINT,
  PRIMARY KEY (tenant_id, role_id, member_id)
);

CREATE TABLE identity_mfa_registrations (
  tenant_id           VARCHAR(63)  NOT NULL,
  user_id             TEXT         NOT NULL,
  user_principal_name VARCHAR(1024),
  is_mfa_registered   BOOLEAN,
  is_mfa_capable      BOOLEAN,
  is_admin            BOOLEAN,
  default_method      VARCHAR(64),
  methods_registered  TEXT,
  last_updated        TIMESTAMPTZ,
  sync_run_id         BIGINT,
  PRIMARY KEY (tenant_id, user_id)
);

-- One row per run.
CREATE TABLE identity_snapshots (
  tenant_id                  VARCHAR(63) NOT NULL,
  captured_at                TEXT        NOT NULL,
  total_users                BIGINT      NOT NULL,
  guests                     BIGINT      NOT NULL,
  privileged                 BIGINT      NOT NULL,
  mfa_registered             BIGINT,
  stale_30                   BIGINT,
  stale_90                   BIGINT,
  sign_in_activity_available BOOLEAN,
  note                       TEXT,
  sync_run_id                BIGINT,
  PRIMARY KEY (tenant_id, captured_at)
);
