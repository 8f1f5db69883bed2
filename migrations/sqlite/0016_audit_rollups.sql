-- Rollups of the audit log, the continuous-aggregate equivalent (modules/audit/audit_rollups.cpp):
-- counts per hour and per day of (workspace, action, subject, status, actor), kept by the
-- audit.rollup cron from a watermark. Rows written below the watermark later (a backdated row)
-- mark their hour stale; the next refresh recomputes it from the raw rows, and reads take stale
-- hours from the raw rows meanwhile. Buckets are spelled as crest spells instants (UTC, ms, Z).
CREATE TABLE audit_rollups_hourly (
  workspace_id  TEXT NOT NULL,
  bucket        TEXT NOT NULL,
  action        TEXT NOT NULL,
  subject       TEXT NOT NULL,
  status        TEXT NOT NULL,
  actor_id      TEXT NOT NULL DEFAULT '',
  n             INTEGER NOT NULL,
  PRIMARY KEY (workspace_id, bucket, action, subject, status, actor_id)
) WITHOUT ROWID;
CREATE TABLE audit_rollups_daily (
  workspace_id  TEXT NOT NULL,
  bucket        TEXT NOT NULL,
  action        TEXT NOT NULL,
  subject       TEXT NOT NULL,
  status        TEXT NOT NULL,
  actor_id      TEXT NOT NULL DEFAULT '',
  n             INTEGER NOT NULL,
  PRIMARY KEY (workspace_id, bucket, action, subject, status, actor_id)
) WITHOUT ROWID;
CREATE TABLE rollup_state (
  name               TEXT PRIMARY KEY,
  invalidate_before  TEXT NOT NULL,
  aggregated_before  TEXT NOT NULL
);
INSERT INTO rollup_state (name, invalidate_before, aggregated_before)
SELECT 'audit', start, start
FROM (SELECT coalesce(substr(min(created_at), 1, 13), strftime('%Y-%m-%dT%H', 'now')) || ':00:00.000Z' AS start
      FROM audit_logs);
CREATE TABLE rollup_stale (
  name          TEXT NOT NULL,
  workspace_id  TEXT NOT NULL,
  bucket        TEXT NOT NULL,
  PRIMARY KEY (name, workspace_id, bucket)
) WITHOUT ROWID;
CREATE TRIGGER audit_logs_rollup_stale AFTER INSERT ON audit_logs
WHEN NEW.created_at < (SELECT invalidate_before FROM rollup_state WHERE name = 'audit')
BEGIN
  INSERT OR IGNORE INTO rollup_stale (name, workspace_id, bucket)
  VALUES ('audit', NEW.workspace_id, substr(NEW.created_at, 1, 13) || ':00:00.000Z');
END;
