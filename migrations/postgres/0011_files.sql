-- Files kept in storage (src/shared/storage): one row per stored object, tenant-scoped like every
-- other row. `storage_key` is where the bytes are (a folder under CREST_DATA_DIR/files, or a key
-- in the S3 bucket); a file past `expires_at` is removed, bytes first, by the files.expire cron,
-- which sees every workspace's files (crest.file_retention).
CREATE TABLE files (
  id            text PRIMARY KEY,
  workspace_id  text NOT NULL REFERENCES workspaces (id),
  storage_key   text NOT NULL UNIQUE,
  name          text NOT NULL,
  content_type  text NOT NULL,
  size_bytes    bigint NOT NULL CHECK (size_bytes >= 0),
  sha256        text NOT NULL,
  purpose       text NOT NULL CHECK (purpose IN ('Export', 'Import', 'ImportErrors')),
  job_id        text,
  expires_at    timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  deleted_at    timestamptz,
  created_by    text,
  updated_by    text
);
CREATE INDEX files_workspace_idx ON files (workspace_id, created_at, id) WHERE deleted_at IS NULL;
CREATE INDEX files_expiry_idx ON files (expires_at, id) WHERE expires_at IS NOT NULL;
ALTER TABLE files ENABLE ROW LEVEL SECURITY;
ALTER TABLE files FORCE ROW LEVEL SECURITY;
CREATE POLICY files_tenant ON files
  USING (workspace_id = current_setting('crest.workspace_id', true)
         OR current_setting('crest.file_retention', true) = 'on')
  WITH CHECK (workspace_id = current_setting('crest.workspace_id', true));
