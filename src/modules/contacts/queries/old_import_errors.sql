-- The error rows an import left when it never finished (a finished one empties its own), of
-- checkpoints older than $1, every workspace's; removed before those checkpoints.
DELETE FROM import_errors
WHERE job_id IN (SELECT job_id FROM import_checkpoints WHERE updated_at < $1)
