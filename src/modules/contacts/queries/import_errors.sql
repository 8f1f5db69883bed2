-- The per-row errors of import $2 after ($3 line, $4 path), in order, a batch ($5) at a time.
SELECT line, path, message FROM import_errors
WHERE workspace_id = $1 AND job_id = $2 AND (line > $3 OR (line = $3 AND path > $4))
ORDER BY line, path LIMIT $5
