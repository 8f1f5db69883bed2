-- Queue $1's window (the single writer already serializes claims).
SELECT window_start, taken FROM queue_rate_windows WHERE queue = $1
