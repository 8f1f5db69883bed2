-- The taken hours, counted again from the raw rows: each hour looked up through its workspace's
-- index (LATERAL: a join on the range alone would pair every hour with every row of the workspace).
INSERT INTO audit_rollups_hourly (workspace_id, bucket, action, subject, status, actor_id, n)
SELECT t.workspace_id, t.bucket, c.action, c.subject, c.status, c.actor_id, c.n
FROM (SELECT DISTINCT workspace_id, bucket FROM rollup_taken) t
CROSS JOIN LATERAL (
  SELECT l.action, l.subject, l.status, coalesce(l.actor_id, '') AS actor_id, count(*) AS n
  FROM audit_logs l
  WHERE l.workspace_id = t.workspace_id AND l.created_at >= t.bucket AND l.created_at < t.bucket + interval '1 hour'
  GROUP BY 1, 2, 3, 4
) c
