-- The taken days' rollups, about to be counted again.
DELETE FROM activity_rollups_daily WHERE (workspace_id, bucket) IN (SELECT workspace_id, bucket FROM rollup_taken)
