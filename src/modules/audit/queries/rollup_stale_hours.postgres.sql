-- The taken hours, counted again from the raw rows.
INSERT INTO audit_rollups_hourly (workspace_id, bucket, action, subject, status, actor_id, n)
SELECT l.workspace_id, t.bucket, l.action, l.subject, l.status, coalesce(l.actor_id, ''), count(*)
FROM (SELECT DISTINCT workspace_id, bucket FROM rollup_taken) t
JOIN audit_logs l ON l.workspace_id = t.workspace_id AND l.created_at >= t.bucket AND l.created_at < t.bucket + interval '1 hour'
GROUP BY 1, 2, 3, 4, 5, 6
