-- Files past their expiry ($1: now), oldest first, a batch ($2) at a time, every workspace's.
SELECT id, workspace_id, storage_key FROM files WHERE expires_at IS NOT NULL AND expires_at <= $1
ORDER BY expires_at, id LIMIT $2
