INSERT INTO workspaces (id, name, plan, created_at, updated_at, created_by, updated_by)
VALUES ($1, $2, 'Starter', $3, $3, $4, $4)
RETURNING id, name, plan, created_at, updated_at
