-- A job ($2) of the workspace ($1) that has not started, cancelled at $3.
UPDATE jobs SET state = 'Cancelled', finished_at = $3, updated_at = $3
WHERE workspace_id = $1 AND id = $2 AND state IN ('Queued', 'Delayed')
