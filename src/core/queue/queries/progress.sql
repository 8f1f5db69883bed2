-- What job $1 under lease $2 reports ($3, at $4), fenced by the lease; it also tells the worker
-- at once whether someone asked the job to stop.
UPDATE jobs SET progress = $3, updated_at = $4
WHERE id = $1 AND lease_token = $2 AND state = 'Active'
RETURNING CASE WHEN cancel_requested_at IS NULL THEN 0 ELSE 1 END AS cancel_requested
