-- Attempt of job $1 under lease $2 failed with error $4: state $3 (Delayed until $5 for a retry,
-- or Failed, finished at $6), at $7 ($8 = 1: empty its payload). Fenced by the lease.
UPDATE jobs
SET state = $3, error = $4, run_at = $5, finished_at = $6, updated_at = $7, lease_token = NULL, lease_expires_at = NULL,
    payload = CASE WHEN $8 = 1 THEN '{}' ELSE payload END
WHERE id = $1 AND lease_token = $2 AND state = 'Active'
