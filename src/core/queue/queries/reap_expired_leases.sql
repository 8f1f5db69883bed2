-- Jobs whose worker stopped renewing their lease (killed, cut off) before $1: queued again, or
-- failed once they have had all their attempts (a job that keeps killing its workers stops).
UPDATE jobs
SET state = CASE WHEN attempts >= max_attempts THEN 'Failed' ELSE 'Queued' END,
    error = CASE WHEN attempts >= max_attempts
                 THEN 'Its worker stopped before it finished (' || attempts || ' attempts)' ELSE error END,
    finished_at = CASE WHEN attempts >= max_attempts THEN $1 ELSE NULL END,
    run_at = $1, lease_token = NULL, lease_expires_at = NULL, updated_at = $1
WHERE state = 'Active' AND lease_expires_at < $1
