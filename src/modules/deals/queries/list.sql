-- Deals of the workspace ($1) with summaries of their company, contact and owner; the service
-- appends the filters, the ability filter and the page.
SELECT d.id, d.title, d.stage, d.amount_cents, d.currency, d.expected_close_date, d.company_id, d.contact_id,
       d.owner_id, d.stage_changed_at, d.closed_at, d.created_at, d.updated_at,
       co.name AS company_name, ct.first_name AS contact_first_name, ct.last_name AS contact_last_name,
       u.name AS owner_name, u.email AS owner_email
FROM deals d
LEFT JOIN companies co ON co.id = d.company_id AND co.deleted_at IS NULL
LEFT JOIN contacts ct ON ct.id = d.contact_id AND ct.deleted_at IS NULL
LEFT JOIN users u ON u.id = d.owner_id AND u.deleted_at IS NULL
WHERE d.workspace_id = $1 AND d.deleted_at IS NULL
