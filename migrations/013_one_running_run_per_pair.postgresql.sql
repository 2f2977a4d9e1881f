-- At most one running run per (domain, tenant), whoever runs it: cluster
-- hosts whose claims are per interval window, `govsync run` beside `serve`,
-- or a retry past a window boundary can no longer run one pair twice at once.
-- The host starts a run only by an INSERT (or UPDATE of a queued row) that
-- this index lets through. Pairs that have several running rows now (only a
-- ghost can be one of them) keep the newest; the older are failed first.
UPDATE sync_runs SET status = 'failed', finished_at = clock_timestamp(),
  error = 'ghost: a later run of this domain and tenant was running at the same time (closed by migration 013)'
WHERE status = 'running'
  AND id NOT IN (SELECT MAX(id) FROM sync_runs WHERE status = 'running' GROUP BY domain, tenant_id);
CREATE UNIQUE INDEX sync_runs_one_running ON sync_runs (domain, tenant_id) WHERE status = 'running';
