-- The purge cron (modules/system/purge.cpp) hard-deletes what ended long ago: soft-deleted CRM rows,
-- dead refresh-token families, finished invitations, sent outbox rows. A parent goes only when no
-- row references it any more, so the "no child left" test and the foreign-key check of each
-- delete look children up by the key they reference: without these, every company deleted
-- would read every contact, deal and activity.
CREATE INDEX contacts_company_fk_idx ON contacts (company_id) WHERE company_id IS NOT NULL;
CREATE INDEX deals_company_fk_idx ON deals (company_id);
CREATE INDEX deals_contact_fk_idx ON deals (contact_id) WHERE contact_id IS NOT NULL;
CREATE INDEX activities_company_fk_idx ON activities (company_id) WHERE company_id IS NOT NULL;
CREATE INDEX activities_contact_fk_idx ON activities (contact_id) WHERE contact_id IS NOT NULL;
CREATE INDEX activities_deal_fk_idx ON activities (deal_id) WHERE deal_id IS NOT NULL;
CREATE INDEX refresh_tokens_parent_idx ON refresh_tokens (parent_id) WHERE parent_id IS NOT NULL;
-- What was soft-deleted, oldest first (only deleted rows: nothing for a live insert to keep up).
CREATE INDEX companies_deleted_idx ON companies (deleted_at) WHERE deleted_at IS NOT NULL;
CREATE INDEX contacts_deleted_idx ON contacts (deleted_at) WHERE deleted_at IS NOT NULL;
CREATE INDEX deals_deleted_idx ON deals (deleted_at) WHERE deleted_at IS NOT NULL;
CREATE INDEX activities_deleted_idx ON activities (deleted_at) WHERE deleted_at IS NOT NULL;
