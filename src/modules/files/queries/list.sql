-- Live, unexpired files of the workspace ($1); the service appends the filters, the ability
-- filter and the page. "now" is the first filter the service adds.
SELECT f.id, f.storage_key, f.name, f.content_type, f.size_bytes, f.sha256, f.purpose, f.job_id, f.expires_at,
       f.created_at, f.created_by
FROM files f
WHERE f.workspace_id = $1 AND f.deleted_at IS NULL
