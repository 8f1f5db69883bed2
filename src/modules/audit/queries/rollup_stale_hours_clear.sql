-- The taken hours' rollups, about to be counted again.
DELETE FROM audit_rollups_hourly WHERE (workspace_id, bucket) IN (SELECT workspace_id, bucket FROM rollup_taken)
