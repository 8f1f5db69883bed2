-- The hour $1 of each workspace whose daily rollup of day $2 counts hours the retention removed.
INSERT OR IGNORE INTO rollup_stale (name, workspace_id, bucket)
SELECT DISTINCT 'audit', workspace_id, $1 FROM audit_rollups_daily WHERE bucket = $2
