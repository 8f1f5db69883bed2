-- A new job ($1 id ... $14 now); with a dedupe key a pending job of the same queue and key wins.
INSERT INTO jobs (id, queue, name, payload, workspace_id, actor_id, state, priority, run_at, attempts, max_attempts,
                  backoff, timeout_ms, dedupe_key, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0, $10, $11, $12, $13, $14, $14)
ON CONFLICT (queue, dedupe_key) WHERE dedupe_key IS NOT NULL AND state IN ('Queued', 'Delayed', 'Active') DO NOTHING
RETURNING id
