-- Rollup $1's stale buckets below $2, counted again: their marks go.
DELETE FROM rollup_stale WHERE name = $1 AND bucket < $2
