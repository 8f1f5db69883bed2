-- The days of the taken hours, about to be summed again.
DELETE FROM audit_rollups_daily
WHERE (workspace_id, bucket) IN (SELECT workspace_id, substr(bucket, 1, 10) || 'T00:00:00.000Z' FROM rollup_taken)
