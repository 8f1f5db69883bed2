-- A running job ($2) of the workspace ($1) asked to stop at $3 (again: the first request's time
-- stays); its worker sees it at its next progress report or lease renewal.
UPDATE jobs SET cancel_requested_at = COALESCE(cancel_requested_at, $3), updated_at = $3
WHERE workspace_id = $1 AND id = $2 AND state = 'Active'
