-- The latest finished run of the cron named $2 on queue $1 (jobs_finished_idx, newest first).
SELECT state, finished_at, result, error FROM jobs
WHERE queue = $1 AND state IN ('Completed', 'Failed', 'Cancelled') AND name = $2
ORDER BY finished_at DESC
LIMIT 1
