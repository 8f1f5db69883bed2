-- Activities soft-deleted before $1, a batch ($2) at a time, every workspace's.
DELETE FROM activities WHERE id IN (
  SELECT id FROM activities WHERE deleted_at IS NOT NULL AND deleted_at < $1 ORDER BY deleted_at LIMIT $2)
RETURNING workspace_id
