UPDATE invitations SET accepted_at = $2, updated_at = $2
WHERE id = $1 AND accepted_at IS NULL
