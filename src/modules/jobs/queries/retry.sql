-- A failed or cancelled job ($2) of the workspace ($1) queued again from its first attempt, at $3.
UPDATE jobs
SET state = 'Queued', attempts = 0, run_at = $3, error = NULL, result = NULL, progress = NULL, finished_at = NULL,
    started_at = NULL, cancel_requested_at = NULL, updated_at = $3
WHERE workspace_id = $1 AND id = $2 AND state IN ('Failed', 'Cancelled')
