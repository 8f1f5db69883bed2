-- Up to $5 jobs of queue $1 in state $2 or $3 that finished before $4, oldest first: a batch
-- short enough not to hold the writer.
DELETE FROM jobs
WHERE id IN (SELECT id FROM jobs
             WHERE queue = $1 AND state IN ('Completed', 'Failed', 'Cancelled') AND state IN ($2, $3)
               AND finished_at < $4
             ORDER BY finished_at
             LIMIT $5)
