-- Files kept in storage (src/shared/storage): one row per stored object, tenant-scoped like every
-- other row; the files.expire cron removes those past expires_at, bytes first.
CREATE TABLE files (
  id            TEXT PRIMARY KEY,
  workspace_id  TEXT NOT NULL REFERENCES workspaces (id),
  storage_key   TEXT NOT NULL UNIQUE,
  name          TEXT NOT NULL,
  content_type  TEXT NOT NULL,
  size_bytes    INTEGER NOT NULL CHECK (size_bytes >= 0),
  sha256        TEXT NOT NULL,
  purpose       TEXT NOT NULL CHECK (purpose IN ('Export', 'Import', 'ImportErrors')),
  job_id        TEXT,
  expires_at    TEXT,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  deleted_at    TEXT,
  created_by    TEXT,
  updated_by    TEXT
);
CREATE INDEX files_workspace_idx ON files (workspace_id, created_at, id) WHERE deleted_at IS NULL;
CREATE INDEX files_expiry_idx ON files (expires_at, id) WHERE expires_at IS NOT NULL;
