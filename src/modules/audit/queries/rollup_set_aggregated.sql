-- The rollups hold every hour below $1 (and rows below it mark their hour stale).
UPDATE rollup_state
SET aggregated_before = $1, invalidate_before = CASE WHEN invalidate_before < $1 THEN $1 ELSE invalidate_before END
WHERE name = 'audit'
