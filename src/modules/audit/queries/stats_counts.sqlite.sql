-- Entries of the workspace ($1) in [$2, $3) counted by hour or day (the first 13 or 10 characters
-- of the stored UTC time) and by a column of the log (the service fills both in, and appends the
-- ability's conditions and the GROUP BY).
SELECT CAST(strftime('%s', {unit_expr}) AS INTEGER) AS at_s, l.{group} AS g, count(*) AS n
FROM audit_logs l
WHERE l.workspace_id = $1 AND l.created_at >= $2 AND l.created_at < $3
