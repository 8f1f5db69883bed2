DELETE FROM rollup_stale WHERE name = 'audit' AND bucket < $1
