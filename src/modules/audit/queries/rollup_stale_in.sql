-- The workspace's ($1) stale hours in [$2, $3): their counts come from the raw rows.
SELECT bucket FROM rollup_stale WHERE name = 'audit' AND workspace_id = $1 AND bucket >= $2 AND bucket < $3
