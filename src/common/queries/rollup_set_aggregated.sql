-- Rollup $1 holds every bucket below $2 (and rows below it mark their bucket stale).
UPDATE rollup_state
SET aggregated_before = $2, invalidate_before = CASE WHEN invalidate_before < $2 THEN $2 ELSE invalidate_before END
WHERE name = $1
