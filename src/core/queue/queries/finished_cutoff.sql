-- When the $4-th most recently finished job of queue $1 in state $2 or $3 finished: those that
-- finished before it are past the queue's count.
SELECT finished_at FROM jobs
WHERE queue = $1 AND state IN ('Completed', 'Failed', 'Cancelled') AND state IN ($2, $3)
ORDER BY finished_at DESC
LIMIT 1 OFFSET $4
