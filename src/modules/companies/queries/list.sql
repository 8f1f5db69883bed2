-- Companies of the workspace ($1) with their owner's summary; the service appends the filters,
-- the ability filter and the page.
SELECT c.id, c.name, c.domain, c.industry, c.employee_range, c.status, c.owner_id,
       c.created_at, c.updated_at, u.name AS owner_name, u.email AS owner_email
FROM companies c
LEFT JOIN users u ON u.id = c.owner_id AND u.deleted_at IS NULL
WHERE c.workspace_id = $1 AND c.deleted_at IS NULL
