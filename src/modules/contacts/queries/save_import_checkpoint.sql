-- The checkpoint after a batch ($3 offset, $4 line, $5 imported, $6 failed so far), or the end ($7 result).
INSERT INTO import_checkpoints (job_id, workspace_id, byte_offset, next_line, imported, failed, result, updated_at)
VALUES ($2, $1, $3, $4, $5, $6, $7, $8)
ON CONFLICT (job_id) DO UPDATE SET byte_offset = excluded.byte_offset, next_line = excluded.next_line,
  imported = excluded.imported, failed = excluded.failed, result = excluded.result, updated_at = excluded.updated_at
