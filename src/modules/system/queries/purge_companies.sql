-- Companies soft-deleted before $1 that no contact, deal or activity refers to any more, a batch
-- ($2) at a time.
DELETE FROM companies WHERE id IN (
  SELECT co.id FROM companies co
  WHERE co.deleted_at IS NOT NULL AND co.deleted_at < $1
    AND NOT EXISTS (SELECT 1 FROM contacts c WHERE c.company_id = co.id)
    AND NOT EXISTS (SELECT 1 FROM deals d WHERE d.company_id = co.id)
    AND NOT EXISTS (SELECT 1 FROM activities a WHERE a.company_id = co.id)
  ORDER BY co.deleted_at LIMIT $2)
RETURNING workspace_id
