-- Checkpoints of imports long done ($1: older than this), every workspace's.
DELETE FROM import_checkpoints WHERE updated_at < $1
