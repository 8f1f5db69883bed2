-- Where the import `$2` of the workspace ($1) stopped, and its result once it is done.
SELECT byte_offset, next_line, imported, failed, result FROM import_checkpoints WHERE workspace_id = $1 AND job_id = $2
