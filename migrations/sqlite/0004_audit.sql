-- The audit log: who did what to which record, when, from where, and what changed (JSON text).
CREATE TABLE audit_logs (
  id            TEXT PRIMARY KEY,
  workspace_id  TEXT NOT NULL,
  actor_id      TEXT,
  action        TEXT NOT NULL,
  subject       TEXT NOT NULL,
  subject_id    TEXT,
  status        TEXT NOT NULL CHECK (status IN ('Success', 'Failure')),
  request_id    TEXT,
  ip            TEXT,
  changes       TEXT NOT NULL DEFAULT '{}',
  created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX audit_logs_workspace_idx ON audit_logs (workspace_id, created_at DESC, id);
CREATE INDEX audit_logs_subject_idx ON audit_logs (workspace_id, subject, subject_id);
