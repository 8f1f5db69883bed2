-- Jobs whose worker stopped renewing their lease (killed, cut off) before $1: queued again, or
-- failed once they have had all their attempts (a job that keeps killing its workers stops), or
-- cancelled when they were asked to stop.
UPDATE jobs
SET state = CASE WHEN cancel_requested_at IS NOT NULL THEN 'Cancelled'
                 WHEN attempts >= max_attempts THEN 'Failed' ELSE 'Queued' END,
    error = CASE WHEN cancel_requested_at IS NOT NULL THEN 'Cancelled on request; its worker stopped before it did'
                 WHEN attempts >= max_attempts
                 THEN 'Its worker stopped before it finished (' || attempts || ' attempts)' ELSE error END,
    finished_at = CASE WHEN cancel_requested_at IS NOT NULL OR attempts >= max_attempts THEN $1 ELSE NULL END,
    run_at = $1, lease_token = NULL, lease_expires_at = NULL, updated_at = $1
WHERE state = 'Active' AND lease_expires_at < $1
