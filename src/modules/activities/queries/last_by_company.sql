-- The newest live activity of each company of a page (their ids fill the IN list).
SELECT company_id AS parent_id, kind, at FROM (
  SELECT company_id, kind, at,
         row_number() OVER (PARTITION BY company_id ORDER BY at DESC, id DESC) AS newest
  FROM activities
  WHERE workspace_id = $1 AND deleted_at IS NULL AND company_id IN ({ids})
) ranked
WHERE newest = 1
