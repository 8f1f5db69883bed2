-- Whether queue $1 has a job due at $2: read first on SQLite, so that a worker woken by a commit
-- that brought it nothing does not take the writer's lock to find that out.
SELECT 1 AS due FROM jobs WHERE queue = $1 AND state IN ('Queued', 'Delayed') AND run_at <= $2 LIMIT 1
