-- identity: the v1.0 userRegistrationDetails properties
-- (https://learn.microsoft.com/graph/api/resources/userregistrationdetails).
-- default_method held defaultMfaMethod, which only Graph beta sends: it was
-- empty for every user and goes; the user's preferred second factor is
-- userPreferredMethodForSecondaryAuthentication. identity_snapshots says
-- whether the registrations could be read (no Entra ID P1/P2 licence, or no
-- AuditLog.Read.All, keeps the stored ones and says so in note).
ALTER TABLE identity_mfa_registrations ADD COLUMN preferred_secondary_method VARCHAR(64);
ALTER TABLE identity_mfa_registrations ADD COLUMN is_passwordless_capable BOOLEAN;
ALTER TABLE identity_mfa_registrations ADD COLUMN is_sspr_registered BOOLEAN;
ALTER TABLE identity_mfa_registrations ADD COLUMN is_sspr_capable BOOLEAN;
ALTER TABLE identity_mfa_registrations DROP COLUMN default_method;
ALTER TABLE identity_snapshots ADD COLUMN mfa_registration_available BOOLEAN;
