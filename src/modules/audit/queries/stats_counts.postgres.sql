-- Entries of the workspace ($1) in [$2, $3) counted by hour or day (UTC) and by a column of the log
-- (the service fills both in, and appends the ability's conditions and the GROUP BY).
SELECT extract(epoch FROM date_trunc('{unit}', l.created_at, 'UTC'))::bigint AS at_s, l.{group} AS g, count(*) AS n
FROM audit_logs l
WHERE l.workspace_id = $1 AND l.created_at >= $2::timestamptz AND l.created_at < $3::timestamptz
