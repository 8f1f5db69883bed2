-- Daily rollups of activities (modules/activities/activity_rollups.cpp): live activities per
-- workspace, UTC day of `at`, kind and owner (created_by), kept by the activities.rollup cron from
-- a watermark like the audit rollups (common/rollup_refresh.hpp). Activities are edited, moved in
-- time and soft-deleted, so every write that changes what a day counts marks that day stale: the
-- old day and the new one. Only a live row counts: a soft-deleted one marks nothing.
CREATE TABLE activity_rollups_daily (
  workspace_id  TEXT NOT NULL,
  bucket        TEXT NOT NULL,
  kind          TEXT NOT NULL,
  owner_id      TEXT NOT NULL DEFAULT '',
  n             INTEGER NOT NULL,
  PRIMARY KEY (workspace_id, bucket, kind, owner_id)
) WITHOUT ROWID;
INSERT INTO rollup_state (name, invalidate_before, aggregated_before)
SELECT 'activities', start, start
FROM (SELECT coalesce(substr(min(at), 1, 10), strftime('%Y-%m-%d', 'now')) || 'T00:00:00.000Z' AS start FROM activities);
CREATE TRIGGER activities_rollup_stale_insert AFTER INSERT ON activities
WHEN NEW.deleted_at IS NULL AND NEW.at < (SELECT invalidate_before FROM rollup_state WHERE name = 'activities')
BEGIN
  INSERT OR IGNORE INTO rollup_stale (name, workspace_id, bucket)
  VALUES ('activities', NEW.workspace_id, substr(NEW.at, 1, 10) || 'T00:00:00.000Z');
END;
CREATE TRIGGER activities_rollup_stale_update AFTER UPDATE OF at, kind, created_by, deleted_at ON activities
WHEN OLD.at IS NOT NEW.at OR OLD.kind IS NOT NEW.kind OR OLD.created_by IS NOT NEW.created_by
     OR OLD.deleted_at IS NOT NEW.deleted_at
BEGIN
  INSERT OR IGNORE INTO rollup_stale (name, workspace_id, bucket)
  SELECT 'activities', OLD.workspace_id, substr(OLD.at, 1, 10) || 'T00:00:00.000Z'
  WHERE OLD.deleted_at IS NULL AND OLD.at < (SELECT invalidate_before FROM rollup_state WHERE name = 'activities');
  INSERT OR IGNORE INTO rollup_stale (name, workspace_id, bucket)
  SELECT 'activities', NEW.workspace_id, substr(NEW.at, 1, 10) || 'T00:00:00.000Z'
  WHERE NEW.deleted_at IS NULL AND NEW.at < (SELECT invalidate_before FROM rollup_state WHERE name = 'activities');
END;
CREATE TRIGGER activities_rollup_stale_delete AFTER DELETE ON activities
WHEN OLD.deleted_at IS NULL AND OLD.at < (SELECT invalidate_before FROM rollup_state WHERE name = 'activities')
BEGIN
  INSERT OR IGNORE INTO rollup_stale (name, workspace_id, bucket)
  VALUES ('activities', OLD.workspace_id, substr(OLD.at, 1, 10) || 'T00:00:00.000Z');
END;
