-- The hours in [$1, $2) of every workspace, counted from the raw rows (the BRIN index finds them).
INSERT INTO audit_rollups_hourly (workspace_id, bucket, action, subject, status, actor_id, n)
SELECT workspace_id, date_trunc('hour', created_at, 'UTC'), action, subject, status, coalesce(actor_id, ''), count(*)
FROM audit_logs
WHERE created_at >= $1::timestamptz AND created_at < $2::timestamptz
GROUP BY 1, 2, 3, 4, 5, 6
ON CONFLICT (workspace_id, bucket, action, subject, status, actor_id) DO UPDATE SET n = EXCLUDED.n
