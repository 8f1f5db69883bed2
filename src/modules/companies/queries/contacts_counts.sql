-- Live contacts of each company of the page (the service puts their placeholders in IN).
SELECT company_id, count(*) AS contacts
FROM contacts
WHERE workspace_id = $1 AND deleted_at IS NULL AND company_id IN ({ids}) AND {contact_readable}
GROUP BY company_id
