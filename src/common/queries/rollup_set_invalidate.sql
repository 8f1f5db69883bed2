-- From now on a row committed below $2 marks its bucket of rollup $1 stale.
UPDATE rollup_state SET invalidate_before = $2 WHERE name = $1
