-- The days in [$1, $2) of every workspace, summed from their hours.
INSERT INTO audit_rollups_daily (workspace_id, bucket, action, subject, status, actor_id, n)
SELECT workspace_id, date_trunc('day', bucket, 'UTC'), action, subject, status, actor_id, sum(n)
FROM audit_rollups_hourly
WHERE bucket >= $1::timestamptz AND bucket < $2::timestamptz
GROUP BY 1, 2, 3, 4, 5, 6
