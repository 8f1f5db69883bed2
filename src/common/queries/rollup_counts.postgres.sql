-- A rollup's counts (its table) of the workspace ($1) in [$2, $3) by bucket and
-- group, without the buckets the raw rows answer for (the service fills in table, group, exclusions).
SELECT extract(epoch FROM r.bucket)::bigint AS at_s, {group} AS g, sum(r.n)::bigint AS n
FROM {table} r
WHERE r.workspace_id = $1 AND r.bucket >= $2::timestamptz AND r.bucket < $3::timestamptz{exclude}
GROUP BY 1, 2
