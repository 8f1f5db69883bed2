-- Deals of the workspace ($1) with summaries of their company, contact and owner (company and
-- contact only when the caller may read them); the service appends the filters, the ability filter and the page. Summaries are scalar subqueries, not
-- joins, so that counting the list reads deals alone.
-- Rows by key name the key alone in a LIMIT 1 subquery (common/key_lookup.hpp).
SELECT d.id, d.title, d.stage, d.amount_cents, d.currency, d.expected_close_date, d.company_id, d.contact_id,
       d.owner_id, d.stage_changed_at, d.closed_at, d.created_at, d.updated_at,
       (SELECT co.name FROM (SELECT * FROM companies WHERE id = d.company_id LIMIT 1) co WHERE co.deleted_at IS NULL AND {company_readable}) AS company_name,
       (SELECT ct.first_name FROM (SELECT * FROM contacts WHERE id = d.contact_id LIMIT 1) ct WHERE ct.deleted_at IS NULL AND {contact_readable}) AS contact_first_name,
       (SELECT ct.last_name FROM (SELECT * FROM contacts WHERE id = d.contact_id LIMIT 1) ct WHERE ct.deleted_at IS NULL AND {contact_readable}) AS contact_last_name,
       (SELECT u.name FROM (SELECT * FROM users WHERE id = d.owner_id LIMIT 1) u WHERE u.deleted_at IS NULL) AS owner_name,
       (SELECT u.email FROM (SELECT * FROM users WHERE id = d.owner_id LIMIT 1) u WHERE u.deleted_at IS NULL) AS owner_email
FROM deals d
WHERE d.workspace_id = $1 AND d.deleted_at IS NULL
