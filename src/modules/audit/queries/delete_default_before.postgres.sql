DELETE FROM audit_logs_default WHERE created_at < $1::timestamptz
