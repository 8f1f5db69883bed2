-- Job $1 under lease $2 stopped on request, its handler's last word $3: Cancelled at $4 ($5 = 1:
-- empty its payload). Fenced by the lease.
UPDATE jobs
SET state = 'Cancelled', error = $3, finished_at = $4, updated_at = $4, lease_token = NULL, lease_expires_at = NULL,
    payload = CASE WHEN $5 = 1 THEN '{}' ELSE payload END
WHERE id = $1 AND lease_token = $2 AND state = 'Active'
