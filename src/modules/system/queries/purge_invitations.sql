-- Invitations accepted, expired or withdrawn before $1, a batch ($2) at a time.
DELETE FROM invitations WHERE id IN (
  SELECT id FROM invitations
  WHERE accepted_at < $1 OR expires_at < $1 OR (deleted_at IS NOT NULL AND deleted_at < $1)
  LIMIT $2)
RETURNING workspace_id
