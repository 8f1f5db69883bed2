-- Handed back at shutdown: queued again, the attempt not counted. Fenced by the lease.
UPDATE jobs
SET state = 'Queued', attempts = attempts - 1, lease_token = NULL, lease_expires_at = NULL, started_at = NULL,
    updated_at = $3
WHERE id = $1 AND lease_token = $2 AND state = 'Active'
