-- Workspaces: the tenant of every domain row. Times are ISO 8601 UTC text with milliseconds,
-- which sorts correctly as text.
CREATE TABLE workspaces (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  plan        TEXT NOT NULL DEFAULT 'Starter' CHECK (plan IN ('Starter', 'Growth', 'Enterprise')),
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  deleted_at  TEXT,
  created_by  TEXT,
  updated_by  TEXT
);
