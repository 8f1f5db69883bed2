-- The days of the taken hours, about to be summed again.
DELETE FROM audit_rollups_daily
WHERE (workspace_id, bucket) IN (SELECT workspace_id, date_trunc('day', bucket, 'UTC') FROM rollup_taken)
