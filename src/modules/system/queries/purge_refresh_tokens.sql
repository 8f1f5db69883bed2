-- Refresh-token families whose every token ended (expired, or revoked: logout, rotation, reuse)
-- before $1, a batch ($2) of families at a time, each whole in one statement (a token points at
-- its parent). A family with one live token is never touched: reuse detection needs the rotated
-- tokens of a live session.
DELETE FROM refresh_tokens WHERE family_id IN (
  SELECT family_id FROM refresh_tokens
  GROUP BY family_id
  HAVING max(CASE WHEN revoked_at IS NOT NULL AND revoked_at < expires_at THEN revoked_at ELSE expires_at END) < $1
  LIMIT $2)
RETURNING workspace_id
