-- Imports: each batch of rows, its per-row errors and the checkpoint after it commit together
-- (see the PostgreSQL migration of the same number).
CREATE TABLE import_checkpoints (
  job_id        TEXT PRIMARY KEY,
  workspace_id  TEXT NOT NULL REFERENCES workspaces (id),
  byte_offset   INTEGER NOT NULL,
  next_line     INTEGER NOT NULL,
  imported      INTEGER NOT NULL,
  failed        INTEGER NOT NULL,
  result        TEXT,
  updated_at    TEXT NOT NULL
);
CREATE INDEX import_checkpoints_updated_idx ON import_checkpoints (updated_at);
CREATE TABLE import_errors (
  job_id        TEXT NOT NULL,
  workspace_id  TEXT NOT NULL REFERENCES workspaces (id),
  line          INTEGER NOT NULL,
  path          TEXT NOT NULL,
  message       TEXT NOT NULL,
  PRIMARY KEY (job_id, line, path)
);
