-- Every lease of this worker ({tokens}: $2, $3, ...) runs until $1 now: one statement per beat,
-- which also tells the worker which of its jobs were asked to stop.
UPDATE jobs SET lease_expires_at = $1
WHERE state = 'Active' AND lease_token IN ({tokens})
RETURNING lease_token, CASE WHEN cancel_requested_at IS NULL THEN 0 ELSE 1 END AS cancel_requested
