-- A file whose bytes are gone ($1: its id).
DELETE FROM files WHERE id = $1
