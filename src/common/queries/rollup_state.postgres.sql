-- A rollup's ($1) watermarks, locked for this refresh.
SELECT invalidate_before, aggregated_before FROM rollup_state WHERE name = $1 FOR UPDATE
