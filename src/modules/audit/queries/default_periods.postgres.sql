-- Where the rows that reached the default partition belong ($1: 'day' or 'month'), with counts.
SELECT extract(epoch FROM date_trunc($1, created_at, 'UTC'))::bigint AS from_s, count(*) AS n
FROM audit_logs_default
GROUP BY 1
ORDER BY 1
