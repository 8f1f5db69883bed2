-- The stale buckets this refresh recomputes.
CREATE TEMP TABLE rollup_taken (workspace_id text NOT NULL, bucket timestamptz NOT NULL) ON COMMIT DROP
