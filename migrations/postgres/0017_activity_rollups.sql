-- Daily rollups of activities (modules/activities/activity_rollups.cpp): live activities per
-- workspace, UTC day of `at`, kind and owner (created_by), kept by the activities.rollup cron from
-- a watermark like the audit rollups (common/rollup_refresh.hpp). Activities are edited, moved in
-- time and soft-deleted, so every write that changes what a day counts marks that day stale: the
-- old day and the new one.

-- A stale mark, made or locked: an existing mark is locked FOR SHARE, not skipped, so a refresh
-- taking it (DELETE) waits for this transaction and its recount sees this row. A share lock writes
-- no new row version (no bloat from a bulk load of late rows). A mark deleted meanwhile is made again.
CREATE FUNCTION rollup_mark_stale(rollup text, workspace text, at timestamptz) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  LOOP
    PERFORM 1 FROM rollup_stale WHERE name = rollup AND workspace_id = workspace AND bucket = at FOR SHARE;
    EXIT WHEN FOUND;
    INSERT INTO rollup_stale (name, workspace_id, bucket) VALUES (rollup, workspace, at) ON CONFLICT DO NOTHING;
    EXIT WHEN FOUND;
  END LOOP;
END $$;
CREATE OR REPLACE FUNCTION audit_rollup_mark_stale() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.created_at < (SELECT invalidate_before FROM rollup_state WHERE name = 'audit') THEN
    PERFORM rollup_mark_stale('audit', NEW.workspace_id, date_trunc('hour', NEW.created_at, 'UTC'));
  END IF;
  RETURN NULL;
END $$;

CREATE TABLE activity_rollups_daily (
  workspace_id  text NOT NULL,
  bucket        timestamptz NOT NULL,
  kind          text NOT NULL,
  owner_id      text NOT NULL DEFAULT '',  -- '' for nobody
  n             bigint NOT NULL,
  PRIMARY KEY (workspace_id, bucket, kind, owner_id)
);

-- Only a live row counts: a soft-deleted one marks nothing (the purge's hard deletes included).
CREATE FUNCTION activity_rollup_mark_stale() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  below timestamptz := (SELECT invalidate_before FROM rollup_state WHERE name = 'activities');
BEGIN
  IF TG_OP <> 'INSERT' AND OLD.deleted_at IS NULL AND OLD.at < below THEN
    PERFORM rollup_mark_stale('activities', OLD.workspace_id, date_trunc('day', OLD.at, 'UTC'));
  END IF;
  IF TG_OP <> 'DELETE' AND NEW.deleted_at IS NULL AND NEW.at < below THEN
    PERFORM rollup_mark_stale('activities', NEW.workspace_id, date_trunc('day', NEW.at, 'UTC'));
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER activities_rollup_stale_insert AFTER INSERT ON activities
  FOR EACH ROW WHEN (NEW.deleted_at IS NULL) EXECUTE FUNCTION activity_rollup_mark_stale();
CREATE TRIGGER activities_rollup_stale_update AFTER UPDATE OF at, kind, created_by, deleted_at ON activities
  FOR EACH ROW WHEN (OLD.at IS DISTINCT FROM NEW.at OR OLD.kind IS DISTINCT FROM NEW.kind
                     OR OLD.created_by IS DISTINCT FROM NEW.created_by OR OLD.deleted_at IS DISTINCT FROM NEW.deleted_at)
  EXECUTE FUNCTION activity_rollup_mark_stale();
CREATE TRIGGER activities_rollup_stale_delete AFTER DELETE ON activities
  FOR EACH ROW WHEN (OLD.deleted_at IS NULL) EXECUTE FUNCTION activity_rollup_mark_stale();

-- The refresher (crest.activity_rollup, set per transaction) reads every workspace's activities,
-- walking the workspaces (each one's live activities through its (workspace_id, at) index), and
-- keeps the rollups and their stale marks. A tenant reads its own rollups.
ALTER TABLE activity_rollups_daily ENABLE ROW LEVEL SECURITY;
ALTER TABLE activity_rollups_daily FORCE ROW LEVEL SECURITY;
CREATE POLICY activity_rollups_daily_tenant ON activity_rollups_daily
  USING (workspace_id = current_setting('crest.workspace_id', true)
         OR current_setting('crest.activity_rollup', true) = 'on')
  WITH CHECK (workspace_id = current_setting('crest.workspace_id', true)
              OR current_setting('crest.activity_rollup', true) = 'on');
CREATE POLICY rollup_stale_activity_rollup ON rollup_stale
  USING (name = 'activities' AND current_setting('crest.activity_rollup', true) = 'on')
  WITH CHECK (name = 'activities' AND current_setting('crest.activity_rollup', true) = 'on');
CREATE POLICY activities_rollup_read ON activities FOR SELECT
  USING (current_setting('crest.activity_rollup', true) = 'on');
CREATE POLICY workspaces_rollup_read ON workspaces FOR SELECT
  USING (current_setting('crest.activity_rollup', true) = 'on');

-- The watermarks start at the first day holding an activity. This migration reads every
-- workspace's rows as the refresher and the audit maintainer: a migrator held by row-level
-- security would see none (0016 started the audit rollups at the hour it ran, as if the log were
-- empty: they go back to the first hour the log holds, and the next refreshes count from there).
SELECT set_config('crest.activity_rollup', 'on', true), set_config('crest.audit_maintenance', 'on', true);
INSERT INTO rollup_state (name, invalidate_before, aggregated_before)
SELECT 'activities', start, start
FROM (SELECT coalesce(date_trunc('day', min(at), 'UTC'), date_trunc('day', now(), 'UTC')) AS start FROM activities) s;
UPDATE rollup_state
SET invalidate_before = least(invalidate_before, s.start), aggregated_before = least(aggregated_before, s.start)
FROM (SELECT date_trunc('hour', min(created_at), 'UTC') AS start FROM audit_logs) s
WHERE name = 'audit' AND s.start IS NOT NULL;
