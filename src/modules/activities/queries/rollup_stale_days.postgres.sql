-- The taken days, counted again from the live activities, each through its workspace's index.
INSERT INTO activity_rollups_daily (workspace_id, bucket, kind, owner_id, n)
SELECT t.workspace_id, t.bucket, c.kind, c.owner_id, c.n
FROM (SELECT DISTINCT workspace_id, bucket FROM rollup_taken) t
CROSS JOIN LATERAL (
  SELECT a.kind, coalesce(a.created_by, '') AS owner_id, count(*) AS n
  FROM activities a
  WHERE a.workspace_id = t.workspace_id AND a.deleted_at IS NULL AND a.at >= t.bucket AND a.at < t.bucket + interval '1 day'
  GROUP BY 1, 2
) c
