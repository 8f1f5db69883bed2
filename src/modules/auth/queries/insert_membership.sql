INSERT INTO memberships (id, workspace_id, user_id, role, created_at, updated_at, created_by, updated_by)
VALUES ($1, $2, $3, $4, $5, $5, $6, $6)
