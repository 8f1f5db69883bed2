-- Companies of the workspace ($1) with their owner's summary; the service appends the filters,
-- the ability filter and the page. Summaries are scalar subqueries, not joins: counting the list
-- (the page's total) then reads companies alone, since a count skips the select list.
-- Rows by key name the key alone in a LIMIT 1 subquery (common/key_lookup.hpp).
SELECT c.id, c.name, c.domain, c.industry, c.employee_range, c.status, c.owner_id, c.created_at, c.updated_at,
       (SELECT u.name FROM (SELECT * FROM users WHERE id = c.owner_id LIMIT 1) u WHERE u.deleted_at IS NULL) AS owner_name,
       (SELECT u.email FROM (SELECT * FROM users WHERE id = c.owner_id LIMIT 1) u WHERE u.deleted_at IS NULL) AS owner_email
FROM companies c
WHERE c.workspace_id = $1 AND c.deleted_at IS NULL
