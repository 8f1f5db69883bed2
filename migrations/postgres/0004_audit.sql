-- The audit log: who did what to which record, when, from where, and what changed. Partitioned
-- by month on PostgreSQL (a default partition takes what no month partition holds; the retention
-- job drops old months), and behind row-level security like every tenant table.
CREATE TABLE audit_logs (
  id            text NOT NULL,
  workspace_id  text NOT NULL,
  actor_id      text,
  action        text NOT NULL,
  subject       text NOT NULL,
  subject_id    text,
  status        text NOT NULL CHECK (status IN ('Success', 'Failure')),
  request_id    text,
  ip            text,
  changes       jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (id, created_at)
) PARTITION BY RANGE (created_at);
CREATE TABLE audit_logs_default PARTITION OF audit_logs DEFAULT;
DO $$
DECLARE
  month date := date_trunc('month', now())::date;
BEGIN
  FOR i IN 0..2 LOOP
    EXECUTE format('CREATE TABLE %I PARTITION OF audit_logs FOR VALUES FROM (%L) TO (%L)',
                   'audit_logs_' || to_char(month, 'YYYY_MM'), month, (month + interval '1 month')::date);
    month := (month + interval '1 month')::date;
  END LOOP;
END $$;
CREATE INDEX audit_logs_workspace_idx ON audit_logs (workspace_id, created_at DESC, id);
CREATE INDEX audit_logs_subject_idx ON audit_logs (workspace_id, subject, subject_id);
ALTER TABLE audit_logs ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_logs FORCE ROW LEVEL SECURITY;
CREATE POLICY audit_logs_tenant ON audit_logs
  USING (workspace_id = current_setting('crest.workspace_id', true))
  WITH CHECK (workspace_id = current_setting('crest.workspace_id', true));
