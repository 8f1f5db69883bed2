SELECT count(*) AS n FROM audit_logs_default WHERE created_at >= $1::timestamptz AND created_at < $2::timestamptz
