-- Contacts of the workspace ($1) with their company's and owner's summaries; the service appends
-- the filters, the ability filter and the page.
SELECT ct.id, ct.first_name, ct.last_name, ct.email, ct.phone, ct.title, ct.company_id, ct.owner_id,
       ct.created_at, ct.updated_at, co.name AS company_name, u.name AS owner_name, u.email AS owner_email
FROM contacts ct
LEFT JOIN companies co ON co.id = ct.company_id AND co.deleted_at IS NULL
LEFT JOIN users u ON u.id = ct.owner_id AND u.deleted_at IS NULL
WHERE ct.workspace_id = $1 AND ct.deleted_at IS NULL
