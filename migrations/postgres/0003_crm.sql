-- The CRM: companies, contacts, deals and activities. Every table is a tenant table: workspace_id,
-- audit columns, soft delete, and row-level security on crest.workspace_id. Case-insensitive
-- search (ILIKE '%text%') on names, domains and emails is served by trigram indexes.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE companies (
  id              text PRIMARY KEY,
  workspace_id    text NOT NULL REFERENCES workspaces (id),
  name            text NOT NULL,
  domain          text,
  industry        text NOT NULL CHECK (industry IN ('Technology', 'Healthcare', 'Finance', 'Logistics', 'Retail',
                                                    'Manufacturing', 'Other')),
  employee_range  text NOT NULL CHECK (employee_range IN ('1-10', '11-50', '51-200', '201-1000', '1000+')),
  status          text NOT NULL DEFAULT 'Prospect' CHECK (status IN ('Active', 'Inactive', 'Prospect', 'Churned')),
  owner_id        text REFERENCES users (id),
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  deleted_at      timestamptz,
  created_by      text,
  updated_by      text
);
CREATE INDEX companies_created_idx ON companies (workspace_id, created_at, id) WHERE deleted_at IS NULL;
CREATE INDEX companies_name_idx ON companies (workspace_id, name, id) WHERE deleted_at IS NULL;
CREATE INDEX companies_owner_idx ON companies (workspace_id, owner_id) WHERE deleted_at IS NULL;
CREATE INDEX companies_name_trgm_idx ON companies USING gin (name gin_trgm_ops);
CREATE INDEX companies_domain_trgm_idx ON companies USING gin (domain gin_trgm_ops);

CREATE TABLE contacts (
  id            text PRIMARY KEY,
  workspace_id  text NOT NULL REFERENCES workspaces (id),
  first_name    text NOT NULL,
  last_name     text NOT NULL,
  email         text,
  phone         text,
  title         text,
  company_id    text REFERENCES companies (id),
  owner_id      text REFERENCES users (id),
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  deleted_at    timestamptz,
  created_by    text,
  updated_by    text
);
CREATE INDEX contacts_created_idx ON contacts (workspace_id, created_at, id) WHERE deleted_at IS NULL;
CREATE INDEX contacts_company_idx ON contacts (company_id) WHERE deleted_at IS NULL;
CREATE INDEX contacts_owner_idx ON contacts (workspace_id, owner_id) WHERE deleted_at IS NULL;
CREATE INDEX contacts_name_trgm_idx ON contacts USING gin ((first_name || ' ' || last_name) gin_trgm_ops);
CREATE INDEX contacts_email_trgm_idx ON contacts USING gin (email gin_trgm_ops);

CREATE TABLE deals (
  id                   text PRIMARY KEY,
  workspace_id         text NOT NULL REFERENCES workspaces (id),
  title                text NOT NULL,
  company_id           text NOT NULL REFERENCES companies (id),
  contact_id           text REFERENCES contacts (id),
  stage                text NOT NULL DEFAULT 'New' CHECK (stage IN ('New', 'Qualified', 'Proposal Sent', 'Negotiation',
                                                                   'Won', 'Lost')),
  amount_cents         bigint NOT NULL CHECK (amount_cents >= 0),
  currency             text NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
  expected_close_date  date,
  owner_id             text REFERENCES users (id),
  stage_changed_at     timestamptz NOT NULL DEFAULT now(),
  closed_at            timestamptz,
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now(),
  deleted_at           timestamptz,
  created_by           text,
  updated_by           text
);
CREATE INDEX deals_created_idx ON deals (workspace_id, created_at, id) WHERE deleted_at IS NULL;
CREATE INDEX deals_company_idx ON deals (company_id, stage) WHERE deleted_at IS NULL;
CREATE INDEX deals_stage_idx ON deals (workspace_id, stage) WHERE deleted_at IS NULL;
CREATE INDEX deals_title_trgm_idx ON deals USING gin (title gin_trgm_ops);

CREATE TABLE activities (
  id            text PRIMARY KEY,
  workspace_id  text NOT NULL REFERENCES workspaces (id),
  kind          text NOT NULL CHECK (kind IN ('Email Sent', 'Email Received', 'Call', 'Meeting', 'Note', 'Deal Won',
                                              'Deal Lost')),
  subject       text NOT NULL,
  body          text,
  at            timestamptz NOT NULL,
  company_id    text REFERENCES companies (id),
  contact_id    text REFERENCES contacts (id),
  deal_id       text REFERENCES deals (id),
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  deleted_at    timestamptz,
  created_by    text,
  updated_by    text
);
CREATE INDEX activities_company_idx ON activities (company_id, at DESC, id) WHERE deleted_at IS NULL;
CREATE INDEX activities_contact_idx ON activities (contact_id, at DESC, id) WHERE deleted_at IS NULL;
CREATE INDEX activities_deal_idx ON activities (deal_id, at DESC, id) WHERE deleted_at IS NULL;
CREATE INDEX activities_workspace_idx ON activities (workspace_id, at DESC, id) WHERE deleted_at IS NULL;

DO $$
DECLARE
  tenant_table text;
BEGIN
  FOREACH tenant_table IN ARRAY ARRAY['companies', 'contacts', 'deals', 'activities'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', tenant_table);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', tenant_table);
    EXECUTE format('CREATE POLICY %I ON %I USING (workspace_id = current_setting(''crest.workspace_id'', true)) '
                   'WITH CHECK (workspace_id = current_setting(''crest.workspace_id'', true))',
                   tenant_table || '_tenant', tenant_table);
  END LOOP;
END $$;
