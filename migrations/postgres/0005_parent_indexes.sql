-- A company's (or contact's, or deal's) contacts, deals and activities are always looked up
-- within the workspace too (tenant scoping adds workspace_id = ?). With the workspace first in
-- these indexes the lookup is one range; before, SQLite, which keeps no statistics, preferred
-- the workspace-wide indexes and read every contact or activity of the workspace to count one
-- company's. Activities come newest first with ties by id, newest first too: (at, id) read
-- backwards gives that order without a sort (the old (at DESC, id) did not).
DROP INDEX contacts_company_idx;
CREATE INDEX contacts_company_idx ON contacts (workspace_id, company_id) WHERE deleted_at IS NULL;
DROP INDEX deals_company_idx;
CREATE INDEX deals_company_idx ON deals (workspace_id, company_id, stage) WHERE deleted_at IS NULL;
-- A company's open deals by currency, with their amounts (its open count and pipeline value).
CREATE INDEX deals_open_idx ON deals (workspace_id, company_id, currency, amount_cents)
  WHERE deleted_at IS NULL AND stage NOT IN ('Won', 'Lost');
DROP INDEX activities_company_idx;
CREATE INDEX activities_company_idx ON activities (workspace_id, company_id, at, id) WHERE deleted_at IS NULL;
DROP INDEX activities_contact_idx;
CREATE INDEX activities_contact_idx ON activities (workspace_id, contact_id, at, id) WHERE deleted_at IS NULL;
DROP INDEX activities_deal_idx;
CREATE INDEX activities_deal_idx ON activities (workspace_id, deal_id, at, id) WHERE deleted_at IS NULL;
DROP INDEX activities_workspace_idx;
CREATE INDEX activities_workspace_idx ON activities (workspace_id, at, id) WHERE deleted_at IS NULL;
