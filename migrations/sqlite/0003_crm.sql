-- The CRM: companies, contacts, deals and activities. Every table is a tenant table: workspace_id,
-- audit columns, soft delete. Names compare case-insensitively through NOCASE indexes (LIKE is
-- ASCII case-insensitive on SQLite).
CREATE TABLE companies (
  id              TEXT PRIMARY KEY,
  workspace_id    TEXT NOT NULL REFERENCES workspaces (id),
  name            TEXT NOT NULL,
  domain          TEXT,
  industry        TEXT NOT NULL CHECK (industry IN ('Technology', 'Healthcare', 'Finance', 'Logistics', 'Retail',
                                                    'Manufacturing', 'Other')),
  employee_range  TEXT NOT NULL CHECK (employee_range IN ('1-10', '11-50', '51-200', '201-1000', '1000+')),
  status          TEXT NOT NULL DEFAULT 'Prospect' CHECK (status IN ('Active', 'Inactive', 'Prospect', 'Churned')),
  owner_id        TEXT REFERENCES users (id),
  created_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  deleted_at      TEXT,
  created_by      TEXT,
  updated_by      TEXT
);
CREATE INDEX companies_created_idx ON companies (workspace_id, created_at, id) WHERE deleted_at IS NULL;
CREATE INDEX companies_name_idx ON companies (workspace_id, name COLLATE NOCASE, id) WHERE deleted_at IS NULL;
CREATE INDEX companies_owner_idx ON companies (workspace_id, owner_id) WHERE deleted_at IS NULL;
CREATE INDEX companies_domain_idx ON companies (workspace_id, domain COLLATE NOCASE) WHERE deleted_at IS NULL;

CREATE TABLE contacts (
  id            TEXT PRIMARY KEY,
  workspace_id  TEXT NOT NULL REFERENCES workspaces (id),
  first_name    TEXT NOT NULL,
  last_name     TEXT NOT NULL,
  email         TEXT,
  phone         TEXT,
  title         TEXT,
  company_id    TEXT REFERENCES companies (id),
  owner_id      TEXT REFERENCES users (id),
  created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  deleted_at    TEXT,
  created_by    TEXT,
  updated_by    TEXT
);
CREATE INDEX contacts_created_idx ON contacts (workspace_id, created_at, id) WHERE deleted_at IS NULL;
CREATE INDEX contacts_company_idx ON contacts (company_id) WHERE deleted_at IS NULL;
CREATE INDEX contacts_owner_idx ON contacts (workspace_id, owner_id) WHERE deleted_at IS NULL;
CREATE INDEX contacts_email_idx ON contacts (workspace_id, email COLLATE NOCASE) WHERE deleted_at IS NULL;

CREATE TABLE deals (
  id                   TEXT PRIMARY KEY,
  workspace_id         TEXT NOT NULL REFERENCES workspaces (id),
  title                TEXT NOT NULL,
  company_id           TEXT NOT NULL REFERENCES companies (id),
  contact_id           TEXT REFERENCES contacts (id),
  stage                TEXT NOT NULL DEFAULT 'New' CHECK (stage IN ('New', 'Qualified', 'Proposal Sent', 'Negotiation',
                                                                   'Won', 'Lost')),
  amount_cents         INTEGER NOT NULL CHECK (amount_cents >= 0),
  currency             TEXT NOT NULL DEFAULT 'USD' CHECK (length(currency) = 3 AND currency = upper(currency)),
  expected_close_date  TEXT,
  owner_id             TEXT REFERENCES users (id),
  stage_changed_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  closed_at            TEXT,
  created_at           TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at           TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  deleted_at           TEXT,
  created_by           TEXT,
  updated_by           TEXT
);
CREATE INDEX deals_created_idx ON deals (workspace_id, created_at, id) WHERE deleted_at IS NULL;
CREATE INDEX deals_company_idx ON deals (company_id, stage) WHERE deleted_at IS NULL;
CREATE INDEX deals_stage_idx ON deals (workspace_id, stage) WHERE deleted_at IS NULL;

CREATE TABLE activities (
  id            TEXT PRIMARY KEY,
  workspace_id  TEXT NOT NULL REFERENCES workspaces (id),
  kind          TEXT NOT NULL CHECK (kind IN ('Email Sent', 'Email Received', 'Call', 'Meeting', 'Note', 'Deal Won',
                                              'Deal Lost')),
  subject       TEXT NOT NULL,
  body          TEXT,
  at            TEXT NOT NULL,
  company_id    TEXT REFERENCES companies (id),
  contact_id    TEXT REFERENCES contacts (id),
  deal_id       TEXT REFERENCES deals (id),
  created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  deleted_at    TEXT,
  created_by    TEXT,
  updated_by    TEXT
);
CREATE INDEX activities_company_idx ON activities (company_id, at DESC, id) WHERE deleted_at IS NULL;
CREATE INDEX activities_contact_idx ON activities (contact_id, at DESC, id) WHERE deleted_at IS NULL;
CREATE INDEX activities_deal_idx ON activities (deal_id, at DESC, id) WHERE deleted_at IS NULL;
CREATE INDEX activities_workspace_idx ON activities (workspace_id, at DESC, id) WHERE deleted_at IS NULL;
