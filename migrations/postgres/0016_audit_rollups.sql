-- Rollups of the audit log, the continuous-aggregate equivalent (modules/audit/audit_rollups.cpp):
-- counts per hour and per day of (workspace, action, subject, status, actor), kept by the
-- audit.rollup cron from a watermark. Rows committed below the watermark later (a backdated row,
-- a row moved out of the default partition) mark their hour stale; the next refresh recomputes
-- it from the raw rows, and reads take stale hours from the raw rows meanwhile.
CREATE TABLE audit_rollups_hourly (
  workspace_id  text NOT NULL,
  bucket        timestamptz NOT NULL,
  action        text NOT NULL,
  subject       text NOT NULL,
  status        text NOT NULL,
  actor_id      text NOT NULL DEFAULT '',  -- '' for the system
  n             bigint NOT NULL,
  PRIMARY KEY (workspace_id, bucket, action, subject, status, actor_id)
);
CREATE TABLE audit_rollups_daily (LIKE audit_rollups_hourly INCLUDING DEFAULTS);
ALTER TABLE audit_rollups_daily ADD PRIMARY KEY (workspace_id, bucket, action, subject, status, actor_id);
-- invalidate_before: a row committed with created_at below it marks its hour stale (the refresh
-- moves it first, then waits for every transaction that could have missed it); aggregated_before:
-- the rollups hold every hour below it. Both start at the first hour the log holds.
CREATE TABLE rollup_state (
  name               text PRIMARY KEY,
  invalidate_before  timestamptz NOT NULL,
  aggregated_before  timestamptz NOT NULL
);
INSERT INTO rollup_state (name, invalidate_before, aggregated_before)
SELECT 'audit', start, start
FROM (SELECT coalesce(date_trunc('hour', min(created_at), 'UTC'), date_trunc('hour', now(), 'UTC')) AS start FROM audit_logs) s;
CREATE TABLE rollup_stale (
  name          text NOT NULL,
  workspace_id  text NOT NULL,
  bucket        timestamptz NOT NULL,
  PRIMARY KEY (name, workspace_id, bucket)
);
-- An existing mark is locked FOR SHARE, not skipped: a refresh taking it (DELETE) waits for this
-- transaction, so its recount sees this row. A share lock writes no new row version, so a bulk
-- load of late rows leaves no bloat behind (an upsert that updated the mark left one dead tuple
-- per row). A mark deleted meanwhile is made again.
CREATE FUNCTION audit_rollup_mark_stale() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  hour timestamptz;
BEGIN
  IF NEW.created_at < (SELECT invalidate_before FROM rollup_state WHERE name = 'audit') THEN
    hour := date_trunc('hour', NEW.created_at, 'UTC');
    LOOP
      PERFORM 1 FROM rollup_stale WHERE name = 'audit' AND workspace_id = NEW.workspace_id AND bucket = hour FOR SHARE;
      EXIT WHEN FOUND;
      INSERT INTO rollup_stale (name, workspace_id, bucket) VALUES ('audit', NEW.workspace_id, hour)
      ON CONFLICT DO NOTHING;
      EXIT WHEN FOUND;
    END LOOP;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER audit_logs_rollup_stale AFTER INSERT ON audit_logs
  FOR EACH ROW EXECUTE FUNCTION audit_rollup_mark_stale();
-- The refresh reads the hours past the watermark across workspaces: a BRIN index (the log is
-- written in time order) finds them in a few pages and costs an insert almost nothing.
CREATE INDEX audit_logs_created_brin ON audit_logs USING brin (created_at);
-- Rollups and stale marks are a workspace's, like the rows they count.
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['audit_rollups_hourly', 'audit_rollups_daily', 'rollup_stale'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I '
                   'USING (workspace_id = current_setting(''crest.workspace_id'', true) '
                   'OR current_setting(''crest.audit_maintenance'', true) = ''on'') '
                   'WITH CHECK (workspace_id = current_setting(''crest.workspace_id'', true) '
                   'OR current_setting(''crest.audit_maintenance'', true) = ''on'')', t || '_tenant', t);
  END LOOP;
END $$;
