-- The hours in [$1, $2) of every workspace, counted from the raw rows.
INSERT INTO audit_rollups_hourly (workspace_id, bucket, action, subject, status, actor_id, n)
SELECT workspace_id, substr(created_at, 1, 13) || ':00:00.000Z', action, subject, status, coalesce(actor_id, ''), count(*)
FROM audit_logs
WHERE created_at >= $1 AND created_at < $2
GROUP BY 1, 2, 3, 4, 5, 6
ON CONFLICT (workspace_id, bucket, action, subject, status, actor_id) DO UPDATE SET n = excluded.n
