-- The stale buckets this refresh recomputes (emptied before use: a temporary table outlives the
-- transaction on SQLite).
CREATE TEMP TABLE IF NOT EXISTS rollup_taken (workspace_id TEXT NOT NULL, bucket TEXT NOT NULL)
