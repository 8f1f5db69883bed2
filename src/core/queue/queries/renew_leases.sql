-- Every lease of this worker ({tokens}: $2, $3, ...) runs until $1 now: one statement per beat.
UPDATE jobs SET lease_expires_at = $1
WHERE state = 'Active' AND lease_token IN ({tokens})
