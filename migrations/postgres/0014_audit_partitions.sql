-- The audit log as a time series (modules/audit/audit_maintenance.cpp): the audit.maintain cron
-- makes partitions ahead and drops old ones, and moves rows out of the default partition; it
-- reads every workspace's rows (crest.audit_maintenance). Row-level security is per table, so a
-- query naming a partition would skip the parent's policy: every partition carries it too.
DROP POLICY audit_logs_tenant ON audit_logs;
CREATE POLICY audit_logs_tenant ON audit_logs
  USING (workspace_id = current_setting('crest.workspace_id', true)
         OR current_setting('crest.audit_maintenance', true) = 'on')
  WITH CHECK (workspace_id = current_setting('crest.workspace_id', true)
              OR current_setting('crest.audit_maintenance', true) = 'on');
DO $$
DECLARE
  partition regclass;
BEGIN
  FOR partition IN SELECT inhrelid::regclass FROM pg_inherits WHERE inhparent = 'audit_logs'::regclass LOOP
    EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', partition);
    EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', partition);
    EXECUTE format('CREATE POLICY audit_logs_tenant ON %s '
                   'USING (workspace_id = current_setting(''crest.workspace_id'', true) '
                   'OR current_setting(''crest.audit_maintenance'', true) = ''on'') '
                   'WITH CHECK (workspace_id = current_setting(''crest.workspace_id'', true) '
                   'OR current_setting(''crest.audit_maintenance'', true) = ''on'')', partition);
  END LOOP;
END $$;
