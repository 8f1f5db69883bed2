-- Queue $1's window, locked until this claim commits: rate-limited claims go one at a time.
SELECT window_start, taken FROM queue_rate_windows WHERE queue = $1 FOR UPDATE
