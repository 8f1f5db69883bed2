-- The days of the taken hours, summed again from their hours (each day through the rollup's key).
INSERT INTO audit_rollups_daily (workspace_id, bucket, action, subject, status, actor_id, n)
SELECT t.workspace_id, t.day, c.action, c.subject, c.status, c.actor_id, c.n
FROM (SELECT DISTINCT workspace_id, date_trunc('day', bucket, 'UTC') AS day FROM rollup_taken) t
CROSS JOIN LATERAL (
  SELECT h.action, h.subject, h.status, h.actor_id, sum(h.n) AS n
  FROM audit_rollups_hourly h
  WHERE h.workspace_id = t.workspace_id AND h.bucket >= t.day AND h.bucket < t.day + interval '1 day'
  GROUP BY 1, 2, 3, 4
) c
