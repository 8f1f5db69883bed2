-- The rate window row of queue $1, made at window $2 the first time.
INSERT INTO queue_rate_windows (queue, window_start, taken) VALUES ($1, $2, 0)
ON CONFLICT (queue) DO NOTHING
