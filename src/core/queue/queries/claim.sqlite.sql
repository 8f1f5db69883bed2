-- Up to $5 due jobs of queue $1 at $2, highest priority first, oldest first (the single writer
-- serializes claims). Each claimed job starts an attempt under lease $3, which runs out at $4.
UPDATE jobs
SET state = 'Active', attempts = attempts + 1, lease_token = $3, lease_expires_at = $4, started_at = $2,
    updated_at = $2
WHERE id IN (SELECT id FROM jobs
             WHERE queue = $1 AND state IN ('Queued', 'Delayed') AND run_at <= $2
             ORDER BY priority DESC, run_at, id
             LIMIT $5)
RETURNING id, queue, name, payload, workspace_id, actor_id, priority, attempts, max_attempts, backoff, timeout_ms, run_at,
          dedupe_key
