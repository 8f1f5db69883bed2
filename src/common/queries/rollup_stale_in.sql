-- Rollup $1's stale buckets of the workspace ($2) in [$3, $4): their counts come from the raw rows.
SELECT bucket FROM rollup_stale WHERE name = $1 AND workspace_id = $2 AND bucket >= $3 AND bucket < $4
