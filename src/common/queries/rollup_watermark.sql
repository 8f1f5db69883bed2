-- A rollup's ($1) watermark for a reader: every bucket below it is in the rollups (stale ones aside).
SELECT aggregated_before FROM rollup_state WHERE name = $1
