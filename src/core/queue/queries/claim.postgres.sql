-- Up to $5 due jobs of queue $1 at $2, highest priority first, oldest first; rows another worker
-- is claiming are skipped, not waited for. Each claimed job starts an attempt under lease $3,
-- which runs out at $4 unless renewed.
-- The choice is a MATERIALIZED CTE, evaluated once: as a subquery the planner may rescan it
-- (a nested loop on a table without statistics), and each rescan, skipping the rows this very
-- statement already updated, takes $5 more: a claim of 3 once took 12.
WITH due AS MATERIALIZED (
  SELECT id FROM jobs
  WHERE queue = $1 AND state IN ('Queued', 'Delayed') AND run_at <= $2
  ORDER BY priority DESC, run_at, id
  LIMIT $5
  FOR UPDATE SKIP LOCKED
)
UPDATE jobs j
SET state = 'Active', attempts = j.attempts + 1, lease_token = $3, lease_expires_at = $4, started_at = $2,
    updated_at = $2
FROM due
WHERE j.id = due.id
RETURNING j.id, j.queue, j.name, j.payload, j.workspace_id, j.actor_id, j.priority, j.attempts, j.max_attempts, j.backoff,
          j.timeout_ms, j.run_at, j.dedupe_key
