-- Activities of the workspace ($1) with summaries of what they belong to, each only when the caller
-- may read it; the service appends the filters, the ability filter and the page.
SELECT a.id, a.kind, a.subject, a.body, a.at, a.company_id, a.contact_id, a.deal_id, a.created_at, a.updated_at,
       co.name AS company_name, ct.first_name AS contact_first_name, ct.last_name AS contact_last_name,
       d.title AS deal_title
FROM activities a
LEFT JOIN companies co ON co.id = a.company_id AND co.deleted_at IS NULL AND {company_readable}
LEFT JOIN contacts ct ON ct.id = a.contact_id AND ct.deleted_at IS NULL AND {contact_readable}
LEFT JOIN deals d ON d.id = a.deal_id AND d.deleted_at IS NULL AND {deal_readable}
WHERE a.workspace_id = $1 AND a.deleted_at IS NULL
