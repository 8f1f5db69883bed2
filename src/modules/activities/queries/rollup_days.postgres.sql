-- The days in [$1, $2) of every workspace, counted from the live activities: each workspace's
-- through its (workspace_id, at) index (LATERAL: a scan of the range alone has no index to use).
INSERT INTO activity_rollups_daily (workspace_id, bucket, kind, owner_id, n)
SELECT w.id, c.day, c.kind, c.owner_id, c.n
FROM workspaces w
CROSS JOIN LATERAL (
  SELECT date_trunc('day', a.at, 'UTC') AS day, a.kind, coalesce(a.created_by, '') AS owner_id, count(*) AS n
  FROM activities a
  WHERE a.workspace_id = w.id AND a.deleted_at IS NULL AND a.at >= $1::timestamptz AND a.at < $2::timestamptz
  GROUP BY 1, 2, 3
) c
