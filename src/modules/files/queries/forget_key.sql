-- The row an earlier attempt of the same job recorded for this key ($2), in the workspace ($1).
DELETE FROM files WHERE workspace_id = $1 AND storage_key = $2
