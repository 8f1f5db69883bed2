-- The days of the taken hours, summed again from their hours.
INSERT INTO audit_rollups_daily (workspace_id, bucket, action, subject, status, actor_id, n)
SELECT h.workspace_id, t.day, h.action, h.subject, h.status, h.actor_id, sum(h.n)
FROM (SELECT DISTINCT workspace_id, substr(bucket, 1, 10) || 'T00:00:00.000Z' AS day FROM rollup_taken) t
JOIN audit_rollups_hourly h ON h.workspace_id = t.workspace_id AND h.bucket >= t.day
                            AND h.bucket < strftime('%Y-%m-%dT%H:%M:%fZ', t.day, '+1 day')
WHERE true
GROUP BY 1, 2, 3, 4, 5, 6
