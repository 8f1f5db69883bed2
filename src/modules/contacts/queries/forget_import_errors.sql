-- Once written to the errors file.
DELETE FROM import_errors WHERE workspace_id = $1 AND job_id = $2
