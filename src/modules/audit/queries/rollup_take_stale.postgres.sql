-- Stale hours below $1, taken (a mark that commits meanwhile stays for the next refresh).
WITH taken AS (DELETE FROM rollup_stale WHERE name = 'audit' AND bucket < $1::timestamptz RETURNING workspace_id, bucket)
INSERT INTO rollup_taken SELECT workspace_id, bucket FROM taken
