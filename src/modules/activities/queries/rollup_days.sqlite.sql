-- The days in [$1, $2) of every workspace, counted from the live activities: each workspace's
-- through its (workspace_id, at) index (CROSS JOIN keeps the workspaces outermost).
INSERT INTO activity_rollups_daily (workspace_id, bucket, kind, owner_id, n)
SELECT w.id, substr(a.at, 1, 10) || 'T00:00:00.000Z', a.kind, coalesce(a.created_by, ''), count(*)
FROM workspaces w
CROSS JOIN activities a
WHERE a.workspace_id = w.id AND a.deleted_at IS NULL AND a.at >= $1 AND a.at < $2
GROUP BY 1, 2, 3, 4
