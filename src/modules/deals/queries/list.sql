-- Deals of the workspace ($1) with summaries of their company, contact and owner (company and
-- contact only when the caller may read them); the service appends the filters, the ability filter and the page. Summaries are scalar subqueries, not
-- joins, so that counting the list reads deals alone.
SELECT d.id, d.title, d.stage, d.amount_cents, d.currency, d.expected_close_date, d.company_id, d.contact_id,
       d.owner_id, d.stage_changed_at, d.closed_at, d.created_at, d.updated_at,
       (SELECT co.name FROM companies co WHERE co.id = d.company_id AND co.deleted_at IS NULL AND {company_readable}) AS company_name,
       (SELECT ct.first_name FROM contacts ct WHERE ct.id = d.contact_id AND ct.deleted_at IS NULL AND {contact_readable}) AS contact_first_name,
       (SELECT ct.last_name FROM contacts ct WHERE ct.id = d.contact_id AND ct.deleted_at IS NULL AND {contact_readable}) AS contact_last_name,
       (SELECT u.name FROM users u WHERE u.id = d.owner_id AND u.deleted_at IS NULL) AS owner_name,
       (SELECT u.email FROM users u WHERE u.id = d.owner_id AND u.deleted_at IS NULL) AS owner_email
FROM deals d
WHERE d.workspace_id = $1 AND d.deleted_at IS NULL
