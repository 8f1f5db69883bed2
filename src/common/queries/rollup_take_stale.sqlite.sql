-- Rollup $1's stale buckets below $2 (the refresh holds the single writer: nothing marks one meanwhile).
INSERT INTO rollup_taken SELECT workspace_id, bucket FROM rollup_stale WHERE name = $1 AND bucket < $2
