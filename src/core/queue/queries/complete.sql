-- Job $1 done under lease $2 with result $3 at $4 ($5 = 1: empty its payload). Fenced: a worker
-- that lost the lease changes nothing.
UPDATE jobs
SET state = 'Completed', result = $3, finished_at = $4, updated_at = $4, lease_token = NULL, lease_expires_at = NULL,
    payload = CASE WHEN $5 = 1 THEN '{}' ELSE payload END
WHERE id = $1 AND lease_token = $2 AND state = 'Active'
