-- Timestamps in one form on SQLite (govsync 0.1 stored the API's text as
-- sent, so one column mixed "...41Z", "...41.6195833Z" and "...41.6195833+00:00",
-- and text order was not time order). From now on the writer stores
-- YYYY-MM-DDTHH:MM:SS.ffffffZ (UTC, six fractional digits); this rewrites the
-- rows stored before in that form. Only values of the shape the services send
-- are rewritten: YYYY-MM-DD, T or a space, HH:MM:SS, an optional fraction,
-- then nothing, Z or +HH:MM / -HH:MM, with a real calendar date, an hour
-- below 24 and a result within the years 0001-9999. The whole seconds go
-- through strftime (which applies the offset); the fraction's first six
-- digits are kept as written (offsets are whole minutes; digits past the
-- microsecond are dropped, as the writer drops them). Anything else is left
-- as it is: the next sync of its tenant rewrites it, or it stays as stored.

UPDATE policy_states SET state_timestamp = COALESCE((
  SELECT CASE WHEN ok AND whole >= '0001' THEN whole || '.' || substr(digits || '000000', 1, 6) || 'Z' END FROM (
    SELECT strftime('%Y-%m-%dT%H:%M:%S', substr(v, 1, 19) || zone) AS whole, digits,
           v GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9][T ][0-9][0-9]:[0-9][0-9]:[0-9][0-9]*'
             AND date(substr(v, 1, 10), '+0 days') = substr(v, 1, 10) AND substr(v, 12, 2) < '24'
             AND (zone IN ('', 'Z') OR zone GLOB '[+-][0-9][0-9]:[0-9][0-9]') AS ok
    FROM (SELECT v, digits, substr(v, 20 + CASE WHEN digits = '' THEN 0 ELSE 1 + length(digits) END) AS zone
          FROM (SELECT v, CASE WHEN substr(v, 20, 1) = '.' THEN substr(v, 21, length(v) - 20 -
                           length(ltrim(substr(v, 21), '0123456789'))) ELSE '' END AS digits
                FROM (SELECT state_timestamp AS v))))), state_timestamp)
WHERE typeof(state_timestamp) = 'text';

UPDATE resources SET created_time = COALESCE((
  SELECT CASE WHEN ok AND whole >= '0001' THEN whole || '.' || substr(digits || '000000', 1, 6) || 'Z' END FROM (
    SELECT strftime('%Y-%m-%dT%H:%M:%S', substr(v, 1, 19) || zone) AS whole, digits,
           v GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9][T ][0-9][0-9]:[0-9][0-9]:[0-9][0-9]*'
             AND date(substr(v, 1, 10), '+0 days') = substr(v, 1, 10) AND substr(v, 12, 2) < '24'
             AND (zone IN ('', 'Z') OR zone GLOB '[+-][0-9][0-9]:[0-9][0-9]') AS ok
    FROM (SELECT v, digits, substr(v, 20 + CASE WHEN digits = '' THEN 0 ELSE 1 + length(digits) END) AS zone
          FROM (SELECT v, CASE WHEN substr(v, 20, 1) = '.' THEN substr(v, 21, length(v) - 20 -
                           length(ltrim(substr(v, 21), '0123456789'))) ELSE '' END AS digits
                FROM (SELECT created_time AS v))))), created_time)
WHERE typeof(created_time) = 'text';

UPDATE resources SET changed_time = COALESCE((
  SELECT CASE WHEN ok AND whole >= '0001' THEN whole || '.' || substr(digits || '000000', 1, 6) || 'Z' END FROM (
    SELECT strftime('%Y-%m-%dT%H:%M:%S', substr(v, 1, 19) || zone) AS whole, digits,
           v GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9][T ][0-9][0-9]:[0-9][0-9]:[0-9][0-9]*'
             AND date(substr(v, 1, 10), '+0 days') = substr(v, 1, 10) AND substr(v, 12, 2) < '24'
             AND (zone IN ('', 'Z') OR zone GLOB '[+-][0-9][0-9]:[0-9][0-9]') AS ok
    FROM (SELECT v, digits, substr(v, 20 + CASE WHEN digits = '' THEN 0 ELSE 1 + length(digits) END) AS zone
          FROM (SELECT v, CASE WHEN substr(v, 20, 1) = '.' THEN substr(v, 21, length(v) - 20 -
                           length(ltrim(substr(v, 21), '0123456789'))) ELSE '' END AS digits
                FROM (SELECT changed_time AS v))))), changed_time)
WHERE typeof(changed_time) = 'text';

UPDATE identity_users SET created_at = COALESCE((
  SELECT CASE WHEN ok AND whole >= '0001' THEN whole || '.' || substr(digits || '000000', 1, 6) || 'Z' END FROM (
    SELECT strftime('%Y-%m-%dT%H:%M:%S', substr(v, 1, 19) || zone) AS whole, digits,
           v GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9][T ][0-9][0-9]:[0-9][0-9]:[0-9][0-9]*'
             AND date(substr(v, 1, 10), '+0 days') = substr(v, 1, 10) AND substr(v, 12, 2) < '24'
             AND (zone IN ('', 'Z') OR zone GLOB '[+-][0-9][0-9]:[0-9][0-9]') AS ok
    FROM (SELECT v, digits, substr(v, 20 + CASE WHEN digits = '' THEN 0 ELSE 1 + length(digits) END) AS zone
          FROM (SELECT v, CASE WHEN substr(v, 20, 1) = '.' THEN substr(v, 21, length(v) - 20 -
                           length(ltrim(substr(v, 21), '0123456789'))) ELSE '' END AS digits
                FROM (SELECT created_at AS v))))), created_at)
WHERE typeof(created_at) = 'text';

UPDATE identity_users SET last_sign_in_at = COALESCE((
  SELECT CASE WHEN ok AND whole >= '0001' THEN whole || '.' || substr(digits || '000000', 1, 6) || 'Z' END FROM (
    SELECT strftime('%Y-%m-%dT%H:%M:%S', substr(v, 1, 19) || zone) AS whole, digits,
           v GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9][T ][0-9][0-9]:[0-9][0-9]:[0-9][0-9]*'
             AND date(substr(v, 1, 10), '+0 days') = substr(v, 1, 10) AND substr(v, 12, 2) < '24'
             AND (zone IN ('', 'Z') OR zone GLOB '[+-][0-9][0-9]:[0-9][0-9]') AS ok
    FROM (SELECT v, digits, substr(v, 20 + CASE WHEN digits = '' THEN 0 ELSE 1 + length(digits) END) AS zone
          FROM (SELECT v, CASE WHEN substr(v, 20, 1) = '.' THEN substr(v, 21, length(v) - 20 -
                           length(ltrim(substr(v, 21), '0123456789'))) ELSE '' END AS digits
                FROM (SELECT last_sign_in_at AS v))))), last_sign_in_at)
WHERE typeof(last_sign_in_at) = 'text';

UPDATE identity_users SET last_non_interactive_sign_in_at = COALESCE((
  SELECT CASE WHEN ok AND whole >= '0001' THEN whole || '.' || substr(digits || '000000', 1, 6) || 'Z' END FROM (
    SELECT strftime('%Y-%m-%dT%H:%M:%S', substr(v, 1, 19) || zone) AS whole, digits,
           v GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9][T ][0-9][0-9]:[0-9][0-9]:[0-9][0-9]*'
             AND date(substr(v, 1, 10), '+0 days') = substr(v, 1, 10) AND substr(v, 12, 2) < '24'
             AND (zone IN ('', 'Z') OR zone GLOB '[+-][0-9][0-9]:[0-9][0-9]') AS ok
    FROM (SELECT v, digits, substr(v, 20 + CASE WHEN digits = '' THEN 0 ELSE 1 + length(digits) END) AS zone
          FROM (SELECT v, CASE WHEN substr(v, 20, 1) = '.' THEN substr(v, 21, length(v) - 20 -
                           length(ltrim(substr(v, 21), '0123456789'))) ELSE '' END AS digits
                FROM (SELECT last_non_interactive_sign_in_at AS v))))), last_non_interactive_sign_in_at)
WHERE typeof(last_non_interactive_sign_in_at) = 'text';

UPDATE identity_mfa_registrations SET last_updated = COALESCE((
  SELECT CASE WHEN ok AND whole >= '0001' THEN whole || '.' || substr(digits || '000000', 1, 6) || 'Z' END FROM (
    SELECT strftime('%Y-%m-%dT%H:%M:%S', substr(v, 1, 19) || zone) AS whole, digits,
           v GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9][T ][0-9][0-9]:[0-9][0-9]:[0-9][0-9]*'
             AND date(substr(v, 1, 10), '+0 days') = substr(v, 1, 10) AND substr(v, 12, 2) < '24'
             AND (zone IN ('', 'Z') OR zone GLOB '[+-][0-9][0-9]:[0-9][0-9]') AS ok
    FROM (SELECT v, digits, substr(v, 20 + CASE WHEN digits = '' THEN 0 ELSE 1 + length(digits) END) AS zone
          FROM (SELECT v, CASE WHEN substr(v, 20, 1) = '.' THEN substr(v, 21, length(v) - 20 -
                           length(ltrim(substr(v, 21), '0123456789'))) ELSE '' END AS digits
                FROM (SELECT last_updated AS v))))), last_updated)
WHERE typeof(last_updated) = 'text';

UPDATE dmarc_reports SET date_begin = COALESCE((
  SELECT CASE WHEN ok AND whole >= '0001' THEN whole || '.' || substr(digits || '000000', 1, 6) || 'Z' END FROM (
    SELECT strftime('%Y-%m-%dT%H:%M:%S', substr(v, 1, 19) || zone) AS whole, digits,
           v GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9][T ][0-9][0-9]:[0-9][0-9]:[0-9][0-9]*'
             AND date(substr(v, 1, 10), '+0 days') = substr(v, 1, 10) AND substr(v, 12, 2) < '24'
             AND (zone IN ('', 'Z') OR zone GLOB '[+-][0-9][0-9]:[0-9][0-9]') AS ok
    FROM (SELECT v, digits, substr(v, 20 + CASE WHEN digits = '' THEN 0 ELSE 1 + length(digits) END) AS zone
          FROM (SELECT v, CASE WHEN substr(v, 20, 1) = '.' THEN substr(v, 21, length(v) - 20 -
                           length(ltrim(substr(v, 21), '0123456789'))) ELSE '' END AS digits
                FROM (SELECT date_begin AS v))))), date_begin)
WHERE typeof(date_begin) = 'text';

UPDATE dmarc_reports SET date_end = COALESCE((
  SELECT CASE WHEN ok AND whole >= '0001' THEN whole || '.' || substr(digits || '000000', 1, 6) || 'Z' END FROM (
    SELECT strftime('%Y-%m-%dT%H:%M:%S', substr(v, 1, 19) || zone) AS whole, digits,
           v GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9][T ][0-9][0-9]:[0-9][0-9]:[0-9][0-9]*'
             AND date(substr(v, 1, 10), '+0 days') = substr(v, 1, 10) AND substr(v, 12, 2) < '24'
             AND (zone IN ('', 'Z') OR zone GLOB '[+-][0-9][0-9]:[0-9][0-9]') AS ok
    FROM (SELECT v, digits, substr(v, 20 + CASE WHEN digits = '' THEN 0 ELSE 1 + length(digits) END) AS zone
          FROM (SELECT v, CASE WHEN substr(v, 20, 1) = '.' THEN substr(v, 21, length(v) - 20 -
                           length(ltrim(substr(v, 21), '0123456789'))) ELSE '' END AS digits
                FROM (SELECT date_end AS v))))), date_end)
WHERE typeof(date_end) = 'text';

UPDATE dmarc_domain_policies SET lookup_failed_at = COALESCE((
  SELECT CASE WHEN ok AND whole >= '0001' THEN whole || '.' || substr(digits || '000000', 1, 6) || 'Z' END FROM (
    SELECT strftime('%Y-%m-%dT%H:%M:%S', substr(v, 1, 19) || zone) AS whole, digits,
           v GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9][T ][0-9][0-9]:[0-9][0-9]:[0-9][0-9]*'
             AND date(substr(v, 1, 10), '+0 days') = substr(v, 1, 10) AND substr(v, 12, 2) < '24'
             AND (zone IN ('', 'Z') OR zone GLOB '[+-][0-9][0-9]:[0-9][0-9]') AS ok
    FROM (SELECT v, digits, substr(v, 20 + CASE WHEN digits = '' THEN 0 ELSE 1 + length(digits) END) AS zone
          FROM (SELECT v, CASE WHEN substr(v, 20, 1) = '.' THEN substr(v, 21, length(v) - 20 -
                           length(ltrim(substr(v, 21), '0123456789'))) ELSE '' END AS digits
                FROM (SELECT lookup_failed_at AS v))))), lookup_failed_at)
WHERE typeof(lookup_failed_at) = 'text';
