-- Contacts soft-deleted before $1 that no deal or activity refers to any more, a batch ($2) at a time.
DELETE FROM contacts WHERE id IN (
  SELECT c.id FROM contacts c
  WHERE c.deleted_at IS NOT NULL AND c.deleted_at < $1
    AND NOT EXISTS (SELECT 1 FROM deals d WHERE d.contact_id = c.id)
    AND NOT EXISTS (SELECT 1 FROM activities a WHERE a.contact_id = c.id)
  ORDER BY c.deleted_at LIMIT $2)
RETURNING workspace_id
