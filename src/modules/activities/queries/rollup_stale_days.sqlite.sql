-- The taken days, counted again from the live activities.
INSERT INTO activity_rollups_daily (workspace_id, bucket, kind, owner_id, n)
SELECT t.workspace_id, t.bucket, a.kind, coalesce(a.created_by, ''), count(*)
FROM (SELECT DISTINCT workspace_id, bucket FROM rollup_taken) t
CROSS JOIN activities a
WHERE a.workspace_id = t.workspace_id AND a.deleted_at IS NULL AND a.at >= t.bucket
  AND a.at < strftime('%Y-%m-%dT%H:%M:%fZ', t.bucket, '+1 day')
GROUP BY 1, 2, 3, 4
