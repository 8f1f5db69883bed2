-- Imports (contacts from CSV, src/modules/contacts/contacts_import.cpp). Each batch of rows, its
-- per-row errors and the checkpoint after it commit together: a retried or resumed import goes
-- on from the checkpoint and never imports a row twice. `result` is set once the import is done,
-- so a job that finished but was not marked done answers the same result again.
CREATE TABLE import_checkpoints (
  job_id        text PRIMARY KEY,
  workspace_id  text NOT NULL REFERENCES workspaces (id),
  byte_offset   bigint NOT NULL,
  next_line     bigint NOT NULL,
  imported      bigint NOT NULL,
  failed        bigint NOT NULL,
  result        text,
  updated_at    timestamptz NOT NULL
);
CREATE INDEX import_checkpoints_updated_idx ON import_checkpoints (updated_at);
CREATE TABLE import_errors (
  job_id        text NOT NULL,
  workspace_id  text NOT NULL REFERENCES workspaces (id),
  line          bigint NOT NULL,
  path          text NOT NULL,
  message       text NOT NULL,
  PRIMARY KEY (job_id, line, path)
);
DO $$
DECLARE
  tenant_table text;
BEGIN
  FOREACH tenant_table IN ARRAY ARRAY['import_checkpoints', 'import_errors'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', tenant_table);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', tenant_table);
    EXECUTE format('CREATE POLICY %I ON %I USING (workspace_id = current_setting(''crest.workspace_id'', true) '
                   'OR current_setting(''crest.file_retention'', true) = ''on'') '
                   'WITH CHECK (workspace_id = current_setting(''crest.workspace_id'', true))',
                   tenant_table || '_tenant', tenant_table);
  END LOOP;
END $$;
