-- Queue $1 has taken $3 jobs in window $2.
UPDATE queue_rate_windows SET window_start = $2, taken = $3 WHERE queue = $1
