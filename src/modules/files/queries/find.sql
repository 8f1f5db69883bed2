-- A live file of the workspace ($1) by id ($2) that has not expired ($3: now).
SELECT f.id, f.storage_key, f.name, f.content_type, f.size_bytes, f.sha256, f.purpose, f.job_id, f.expires_at,
       f.created_at, f.created_by
FROM files f
WHERE f.workspace_id = $1 AND f.id = $2 AND f.deleted_at IS NULL AND (f.expires_at IS NULL OR f.expires_at > $3)
