SELECT id FROM jobs
WHERE queue = $1 AND dedupe_key = $2 AND state IN ('Queued', 'Delayed', 'Active')
