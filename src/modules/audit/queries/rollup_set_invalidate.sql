-- From now on a row committed below $1 marks its hour stale.
UPDATE rollup_state SET invalidate_before = $1 WHERE name = 'audit'
