-- The audit rollups' watermark for a reader: every hour below it is in the rollups (stale hours aside).
SELECT aggregated_before FROM rollup_state WHERE name = 'audit'
