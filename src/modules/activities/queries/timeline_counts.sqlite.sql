-- Live activities of the workspace ($1) in [$2, $3) counted by UTC day (the first 10 characters of
-- the stored time) and by a column (the service fills it in, and appends the ability's conditions
-- and the GROUP BY).
SELECT CAST(strftime('%s', substr(a.at, 1, 10)) AS INTEGER) AS at_s, a.{group} AS g, count(*) AS n
FROM activities a
WHERE a.workspace_id = $1 AND a.deleted_at IS NULL AND a.at >= $2 AND a.at < $3
