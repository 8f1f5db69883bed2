-- Workspaces: the tenant of every domain row.
CREATE TABLE workspaces (
  id          text PRIMARY KEY,
  name        text NOT NULL,
  plan        text NOT NULL DEFAULT 'Starter' CHECK (plan IN ('Starter', 'Growth', 'Enterprise')),
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  deleted_at  timestamptz,
  created_by  text,
  updated_by  text
);
