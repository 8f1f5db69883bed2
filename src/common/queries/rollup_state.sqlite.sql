-- A rollup's ($1) watermarks (the refresh holds the single writer).
SELECT invalidate_before, aggregated_before FROM rollup_state WHERE name = $1
