-- A file whose bytes are gone ($1: its id): what its workspace's audit entry says about it.
DELETE FROM files WHERE id = $1 RETURNING workspace_id, name, expires_at
