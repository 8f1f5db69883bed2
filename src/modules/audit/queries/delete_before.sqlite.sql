-- One batch of rows past the retention; each batch is its own short write transaction.
DELETE FROM audit_logs WHERE rowid IN (SELECT rowid FROM audit_logs WHERE created_at < $1 LIMIT $2)
