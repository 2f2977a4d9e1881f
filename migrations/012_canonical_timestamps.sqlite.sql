-- Timestamps in one form on SQLite. govsync 0.1 stored the API's text as
-- sent, so one column mixed "...41Z", "...41.6195833Z" and "...41.6195833+00:00",
-- and text order was not time order. The writer now stores
-- YYYY-MM-DDTHH:MM:SS.ffffffZ (UTC, six fractional digits); this rewrites the
-- rows stored before with the writer's own reading (govsync_canonical_timestamp
-- is the C++ canonical_timestamp, registered by govsync on its SQLite
-- connections). Text it cannot read is left as it is.
UPDATE policy_states SET state_timestamp = COALESCE(govsync_canonical_timestamp(state_timestamp), state_timestamp) WHERE typeof(state_timestamp) = 'text';
UPDATE resources SET created_time = COALESCE(govsync_canonical_timestamp(created_time), created_time) WHERE typeof(created_time) = 'text';
UPDATE resources SET changed_time = COALESCE(govsync_canonical_timestamp(changed_time), changed_time) WHERE typeof(changed_time) = 'text';
UPDATE identity_users SET created_at = COALESCE(govsync_canonical_timestamp(created_at), created_at) WHERE typeof(created_at) = 'text';
UPDATE identity_users SET last_sign_in_at = COALESCE(govsync_canonical_timestamp(last_sign_in_at), last_sign_in_at) WHERE typeof(last_sign_in_at) = 'text';
UPDATE identity_users SET last_non_interactive_sign_in_at = COALESCE(govsync_canonical_timestamp(last_non_interactive_sign_in_at), last_non_interactive_sign_in_at) WHERE typeof(last_non_interactive_sign_in_at) = 'text';
UPDATE identity_mfa_registrations SET last_updated = COALESCE(govsync_canonical_timestamp(last_updated), last_updated) WHERE typeof(last_updated) = 'text';
UPDATE dmarc_reports SET date_begin = COALESCE(govsync_canonical_timestamp(date_begin), date_begin) WHERE typeof(date_begin) = 'text';
UPDATE dmarc_reports SET date_end = COALESCE(govsync_canonical_timestamp(date_end), date_end) WHERE typeof(date_end) = 'text';
UPDATE dmarc_domain_policies SET lookup_failed_at = COALESCE(govsync_canonical_timestamp(lookup_failed_at), lookup_failed_at) WHERE typeof(lookup_failed_at) = 'text';
