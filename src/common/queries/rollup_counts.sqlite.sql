-- A rollup's counts (its table) of the workspace ($1) in [$2, $3) by bucket and
-- group, without the buckets the raw rows answer for (the service fills in table, group, exclusions).
SELECT CAST(strftime('%s', r.bucket) AS INTEGER) AS at_s, {group} AS g, sum(r.n) AS n
FROM {table} r
WHERE r.workspace_id = $1 AND r.bucket >= $2 AND r.bucket < $3{exclude}
GROUP BY 1, 2
