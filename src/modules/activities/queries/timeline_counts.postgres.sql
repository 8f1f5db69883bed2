-- Live activities of the workspace ($1) in [$2, $3) counted by UTC day and by a column (the
-- service fills it in, and appends the ability's conditions and the GROUP BY).
SELECT extract(epoch FROM date_trunc('day', a.at, 'UTC'))::bigint AS at_s, a.{group} AS g, count(*) AS n
FROM activities a
WHERE a.workspace_id = $1 AND a.deleted_at IS NULL AND a.at >= $2::timestamptz AND a.at < $3::timestamptz
