-- Rollup $1's stale buckets below $2, taken (a mark that commits meanwhile stays for the next refresh).
WITH taken AS (DELETE FROM rollup_stale WHERE name = $1 AND bucket < $2::timestamptz RETURNING workspace_id, bucket)
INSERT INTO rollup_taken SELECT workspace_id, bucket FROM taken
