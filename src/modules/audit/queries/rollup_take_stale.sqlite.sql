-- Stale hours below $1 (the refresh holds the single writer: nothing marks one meanwhile).
INSERT INTO rollup_taken SELECT workspace_id, bucket FROM rollup_stale WHERE name = 'audit' AND bucket < $1
