-- The audit log's partitions without the tenant policy (row-level security not forced, or no
-- audit_logs_tenant policy): those a tool other than crest made.
SELECT c.relname AS name
FROM pg_inherits i
JOIN pg_class c ON c.oid = i.inhrelid
WHERE i.inhparent = 'audit_logs'::regclass
  AND (NOT c.relrowsecurity OR NOT c.relforcerowsecurity
       OR NOT EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid AND p.polname = 'audit_logs_tenant'))
ORDER BY 1
