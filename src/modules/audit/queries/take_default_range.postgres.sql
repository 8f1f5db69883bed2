-- Rows of a period about to get its partition, out of the default one (the partition cannot be
-- made while the default holds rows of its range); they go back in through the parent after.
WITH moved AS (
  DELETE FROM audit_logs_default WHERE created_at >= $1::timestamptz AND created_at < $2::timestamptz RETURNING *
)
INSERT INTO audit_moving SELECT * FROM moved
