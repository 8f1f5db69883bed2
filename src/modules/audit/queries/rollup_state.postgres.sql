-- The audit rollups' watermarks, locked for this refresh.
SELECT invalidate_before, aggregated_before FROM rollup_state WHERE name = 'audit' FOR UPDATE
