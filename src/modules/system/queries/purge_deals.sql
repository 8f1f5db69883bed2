-- Deals soft-deleted before $1 that no activity refers to any more, a batch ($2) at a time.
DELETE FROM deals WHERE id IN (
  SELECT d.id FROM deals d
  WHERE d.deleted_at IS NOT NULL AND d.deleted_at < $1
    AND NOT EXISTS (SELECT 1 FROM activities a WHERE a.deal_id = d.id)
  ORDER BY d.deleted_at LIMIT $2)
RETURNING workspace_id
