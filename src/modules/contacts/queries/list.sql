-- Contacts of the workspace ($1) with their company's and owner's summaries (the company only
-- when the caller may read it); the service appends the filters, the ability filter and the page. Summaries are scalar subqueries, not joins, so
-- that counting the list reads contacts alone.
-- Rows by key name the key alone in a LIMIT 1 subquery (common/key_lookup.hpp).
SELECT ct.id, ct.first_name, ct.last_name, ct.email, ct.phone, ct.title, ct.company_id, ct.owner_id,
       ct.created_at, ct.updated_at,
       (SELECT co.name FROM (SELECT * FROM companies WHERE id = ct.company_id LIMIT 1) co WHERE co.deleted_at IS NULL AND {company_readable}) AS company_name,
       (SELECT u.name FROM (SELECT * FROM users WHERE id = ct.owner_id LIMIT 1) u WHERE u.deleted_at IS NULL) AS owner_name,
       (SELECT u.email FROM (SELECT * FROM users WHERE id = ct.owner_id LIMIT 1) u WHERE u.deleted_at IS NULL) AS owner_email
FROM contacts ct
WHERE ct.workspace_id = $1 AND ct.deleted_at IS NULL
