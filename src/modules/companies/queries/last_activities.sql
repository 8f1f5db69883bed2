-- The newest live activity of each company of the page (the service puts their placeholders in IN).
SELECT company_id, kind, at FROM (
  SELECT company_id, kind, at,
         row_number() OVER (PARTITION BY company_id ORDER BY at DESC, id DESC) AS newest
  FROM activities
  WHERE workspace_id = $1 AND deleted_at IS NULL AND company_id IN ({ids})
) ranked
WHERE newest = 1
