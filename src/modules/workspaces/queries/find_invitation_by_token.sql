SELECT id, workspace_id, email, role, expires_at, accepted_at
FROM invitations
WHERE token_hash = $1 AND deleted_at IS NULL
