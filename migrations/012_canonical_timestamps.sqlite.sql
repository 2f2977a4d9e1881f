-- Timestamps in one form on SQLite (govsync 0.1 stored the API's text as
-- sent, so one column mixed "…41Z", "…41.6195833Z" and "…41.6195833+00:00",
-- and text order was not time order). From now on the writer stores
-- YYYY-MM-DDTHH:MM:SS.ffffffZ (UTC, six fractional digits); this rewrites the
-- rows stored before in that form: the whole seconds through strftime (which
-- applies the offset), the fraction's first six digits as written (offsets
-- are whole minutes). Text SQLite cannot read as a time is left as it is.

UPDATE policy_states SET state_timestamp = COALESCE((
  SELECT whole || '.' || substr(digits || '000000', 1, 6) || 'Z' FROM (
    SELECT strftime('%Y-%m-%dT%H:%M:%S', CASE WHEN substr(v, 20, 1) IN ('.', ',')
                    THEN substr(v, 1, 19) || ltrim(substr(v, 20), '.,0123456789') ELSE v END) AS whole,
           CASE WHEN substr(v, 20, 1) IN ('.', ',')
                THEN substr(v, 21, length(v) - 20 - length(ltrim(substr(v, 21), '0123456789'))) ELSE '' END AS digits
    FROM (SELECT state_timestamp AS v))), state_timestamp)
WHERE typeof(state_timestamp) = 'text';

UPDATE resources SET created_time = COALESCE((
  SELECT whole || '.' || substr(digits || '000000', 1, 6) || 'Z' FROM (
    SELECT strftime('%Y-%m-%dT%H:%M:%S', CASE WHEN substr(v, 20, 1) IN ('.', ',')
                    THEN substr(v, 1, 19) || ltrim(substr(v, 20), '.,0123456789') ELSE v END) AS whole,
           CASE WHEN substr(v, 20, 1) IN ('.', ',')
                THEN substr(v, 21, length(v) - 20 - length(ltrim(substr(v, 21), '0123456789'))) ELSE '' END AS digits
    FROM (SELECT created_time AS v))), created_time)
WHERE typeof(created_time) = 'text';

UPDATE resources SET changed_time = COALESCE((
  SELECT whole || '.' || substr(digits || '000000', 1, 6) || 'Z' FROM (
    SELECT strftime('%Y-%m-%dT%H:%M:%S', CASE WHEN substr(v, 20, 1) IN ('.', ',')
                    THEN substr(v, 1, 19) || ltrim(substr(v, 20), '.,0123456789') ELSE v END) AS whole,
           CASE WHEN substr(v, 20, 1) IN ('.', ',')
                THEN substr(v, 21, length(v) - 20 - length(ltrim(substr(v, 21), '0123456789'))) ELSE '' END AS digits
    FROM (SELECT changed_time AS v))), changed_time)
WHERE typeof(changed_time) = 'text';

UPDATE identity_users SET created_at = COALESCE((
  SELECT whole || '.' || substr(digits || '000000', 1, 6) || 'Z' FROM (
    SELECT strftime('%Y-%m-%dT%H:%M:%S', CASE WHEN substr(v, 20, 1) IN ('.', ',')
                    THEN substr(v, 1, 19) || ltrim(substr(v, 20), '.,0123456789') ELSE v END) AS whole,
           CASE WHEN substr(v, 20, 1) IN ('.', ',')
                THEN substr(v, 21, length(v) - 20 - length(ltrim(substr(v, 21), '0123456789'))) ELSE '' END AS digits
    FROM (SELECT created_at AS v))), created_at)
WHERE typeof(created_at) = 'text';

UPDATE identity_users SET last_sign_in_at = COALESCE((
  SELECT whole || '.' || substr(digits || '000000', 1, 6) || 'Z' FROM (
    SELECT strftime('%Y-%m-%dT%H:%M:%S', CASE WHEN substr(v, 20, 1) IN ('.', ',')
                    THEN substr(v, 1, 19) || ltrim(substr(v, 20), '.,0123456789') ELSE v END) AS whole,
           CASE WHEN substr(v, 20, 1) IN ('.', ',')
                THEN substr(v, 21, length(v) - 20 - length(ltrim(substr(v, 21), '0123456789'))) ELSE '' END AS digits
    FROM (SELECT last_sign_in_at AS v))), last_sign_in_at)
WHERE typeof(last_sign_in_at) = 'text';

UPDATE identity_users SET last_non_interactive_sign_in_at = COALESCE((
  SELECT whole || '.' || substr(digits || '000000', 1, 6) || 'Z' FROM (
    SELECT strftime('%Y-%m-%dT%H:%M:%S', CASE WHEN substr(v, 20, 1) IN ('.', ',')
                    THEN substr(v, 1, 19) || ltrim(substr(v, 20), '.,0123456789') ELSE v END) AS whole,
           CASE WHEN substr(v, 20, 1) IN ('.', ',')
                THEN substr(v, 21, length(v) - 20 - length(ltrim(substr(v, 21), '0123456789'))) ELSE '' END AS digits
    FROM (SELECT last_non_interactive_sign_in_at AS v))), last_non_interactive_sign_in_at)
WHERE typeof(last_non_interactive_sign_in_at) = 'text';

UPDATE identity_mfa_registrations SET last_updated = COALESCE((
  SELECT whole || '.' || substr(digits || '000000', 1, 6) || 'Z' FROM (
    SELECT strftime('%Y-%m-%dT%H:%M:%S', CASE WHEN substr(v, 20, 1) IN ('.', ',')
                    THEN substr(v, 1, 19) || ltrim(substr(v, 20), '.,0123456789') ELSE v END) AS whole,
           CASE WHEN substr(v, 20, 1) IN ('.', ',')
                THEN substr(v, 21, length(v) - 20 - length(ltrim(substr(v, 21), '0123456789'))) ELSE '' END AS digits
    FROM (SELECT last_updated AS v))), last_updated)
WHERE typeof(last_updated) = 'text';

UPDATE dmarc_reports SET date_begin = COALESCE((
  SELECT whole || '.' || substr(digits || '000000', 1, 6) || 'Z' FROM (
    SELECT strftime('%Y-%m-%dT%H:%M:%S', CASE WHEN substr(v, 20, 1) IN ('.', ',')
                    THEN substr(v, 1, 19) || ltrim(substr(v, 20), '.,0123456789') ELSE v END) AS whole,
           CASE WHEN substr(v, 20, 1) IN ('.', ',')
                THEN substr(v, 21, length(v) - 20 - length(ltrim(substr(v, 21), '0123456789'))) ELSE '' END AS digits
    FROM (SELECT date_begin AS v))), date_begin)
WHERE typeof(date_begin) = 'text';

UPDATE dmarc_reports SET date_end = COALESCE((
  SELECT whole || '.' || substr(digits || '000000', 1, 6) || 'Z' FROM (
    SELECT strftime('%Y-%m-%dT%H:%M:%S', CASE WHEN substr(v, 20, 1) IN ('.', ',')
                    THEN substr(v, 1, 19) || ltrim(substr(v, 20), '.,0123456789') ELSE v END) AS whole,
           CASE WHEN substr(v, 20, 1) IN ('.', ',')
                THEN substr(v, 21, length(v) - 20 - length(ltrim(substr(v, 21), '0123456789'))) ELSE '' END AS digits
    FROM (SELECT date_end AS v))), date_end)
WHERE typeof(date_end) = 'text';

UPDATE dmarc_domain_policies SET lookup_failed_at = COALESCE((
  SELECT whole || '.' || substr(digits || '000000', 1, 6) || 'Z' FROM (
    SELECT strftime('%Y-%m-%dT%H:%M:%S', CASE WHEN substr(v, 20, 1) IN ('.', ',')
                    THEN substr(v, 1, 19) || ltrim(substr(v, 20), '.,0123456789') ELSE v END) AS whole,
           CASE WHEN substr(v, 20, 1) IN ('.', ',')
                THEN substr(v, 21, length(v) - 20 - length(ltrim(substr(v, 21), '0123456789'))) ELSE '' END AS digits
    FROM (SELECT lookup_failed_at AS v))), lookup_failed_at)
WHERE typeof(lookup_failed_at) = 'text';
